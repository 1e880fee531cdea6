import type { IncomingHttpHeaders } from 'node:http';

/** Client handshake headers passed on to the backend when the config names none (`headers.allow`). */
export const DEFAULT_FORWARDED_HEADERS: readonly string[] = ['origin', 'user-agent', 'accept-language'];

/**
 * Never forwarded, whatever `headers.allow` says: credentials (removed as WSO2 does) and the headers of the
 * client's own connection and handshake, which the backend handshake makes anew.
 */
const NEVER = new Set([
  'authorization',
  'apikey',
  'proxy-authorization',
  'host',
  'connection',
  'upgrade',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'content-length',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-protocol',
  'sec-websocket-accept',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
]);

/** What the gateway knows of the client's connection. */
export interface ClientConnection {
  /** The client's address (`socket.remoteAddress`). */
  readonly address: string | undefined;
  /** True on the wss listener. */
  readonly secure: boolean;
}

/**
 * The headers of the backend handshake: the client's headers named in `allow` (any case; credentials and
 * handshake headers never), then `X-Forwarded-For` (the client's chain plus its address), `X-Forwarded-Proto`
 * (`ws` or `wss`) and `X-Forwarded-Host` (the client's `Host`).
 */
export function forwardedHeaders(
  headers: IncomingHttpHeaders,
  client: ClientConnection,
  allow: readonly string[] = DEFAULT_FORWARDED_HEADERS,
): Record<string, string> {
  const allowed = new Set(allow.map((name) => name.toLowerCase()));
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (value !== undefined && allowed.has(key) && !NEVER.has(key)) {
      forwarded[key] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  const chain = [headers['x-forwarded-for'], client.address].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  if (chain.length > 0) {
    forwarded['x-forwarded-for'] = chain.join(', ');
  }
  forwarded['x-forwarded-proto'] = client.secure ? 'wss' : 'ws';
  if (headers.host !== undefined) {
    forwarded['x-forwarded-host'] = headers.host;
  }
  return forwarded;
}

type Report = (key: string, fix: string) => void;
type UnknownKeys = (record: Record<string, unknown>, known: readonly string[], prefix: string) => void;

/** Reads `headers:` (`allow:`, a list of header names); absent: the default allowlist. */
export function readHeaderAllowlist(
  value: unknown,
  problem: Report,
  unknownKeys: UnknownKeys,
): readonly string[] | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problem('headers', 'must be a mapping with allow: [header names], e.g. allow: [origin, x-request-id].');
    return undefined;
  }
  const record = value as Record<string, unknown>;
  unknownKeys(record, ['allow'], 'headers.');
  const allow = record.allow;
  if (
    !Array.isArray(allow) ||
    allow.some((name) => typeof name !== 'string' || !/^[!#$%&'*+.^`|~\w-]+$/.test(name))
  ) {
    problem('headers.allow', 'must be a list of header names, e.g. [origin, user-agent, x-request-id].');
    return undefined;
  }
  const never = (allow as string[]).filter((name) => NEVER.has(name.toLowerCase()));
  if (never.length > 0) {
    problem(
      'headers.allow',
      `${never.join(', ')} is never forwarded (credentials and handshake headers): remove it.`,
    );
    return undefined;
  }
  return allow as string[];
}
