import { readFileSync } from 'node:fs';

import { LineCounter, parseDocument } from 'yaml';

import { readHeaderAllowlist } from './forwardedHeaders';
import { NO_CREDENTIALS, type GatewayCredentials, type OAuthToken } from './credentials';
import { readJwtSettings } from './jwt';
import { readLimits, type GatewayLimits } from './limits';
import { readCors, type CorsSettings } from './origin';
import { readThrottleRules, type ThrottleRule } from './throttling';
import { readTlsFiles, type TlsFiles } from './tls';

/** What a `--config` file holds. */
export interface GatewayConfig {
  readonly auth: GatewayCredentials;
  /** Frame quotas per API or topic; absent: no quota. */
  readonly throttling?: readonly ThrottleRule[];
  /** The wss certificate and key (`tls:`); absent: a cached self-signed localhost certificate. */
  readonly tls?: TlsFiles;
  /** Browser origins allowed to connect (`cors:`); absent: any. */
  readonly cors?: CorsSettings;
  /** Message size, backend connect and idle limits (`limits:`); absent: the defaults. */
  readonly limits?: GatewayLimits;
  /** Client headers forwarded to the backend (`headers.allow`); absent: the default allowlist. */
  readonly headersAllow?: readonly string[];
}

// A config file's `auth:` is read into these; they live in credentials.ts, shared with authentication and jwt.
export { NO_CREDENTIALS, type GatewayCredentials, type KeyType, type OAuthToken } from './credentials';

export type GatewayConfigReading =
  | { readonly kind: 'ok'; readonly config: GatewayConfig }
  | { readonly kind: 'error'; readonly message: string };

/** Raised when the config file cannot be used; the message names the file, the key and the fix. */
export class GatewayConfigError extends Error {}

export const CONFIG_EXAMPLE = `auth:
  apiKeys: [my-dev-key]
  oauth2:
    tokens:
      - token: my-dev-token
        scopes: [creator]
throttling:
  - api: /chats/1.0.0
    frames: 1000
    per: minute
  - api: /chats/1.0.0
    topic: /rooms/{roomID}
    frames: 10
    per: second`;

/**
 * Reads the text of a gateway config file named `file` (for messages). Every problem is reported at once,
 * one line each; no message ever repeats a credential.
 */
export function readGatewayConfig(text: string, file: string): GatewayConfigReading {
  // No pretty errors: they quote the source, which may hold a credential.
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, lineCounter });
  if (document.errors.length > 0) {
    const lines = document.errors.map((error) => {
      const at = lineCounter.linePos(error.pos[0]);
      return `${file}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML: ${firstLine(error.message)}. Fix the syntax (see the example below).`;
    });
    return { kind: 'error', message: `${lines.join('\n')}\n${exampleHint()}` };
  }
  const problems: string[] = [];
  const problem = (key: string, fix: string): void => {
    problems.push(`${file}: ${key}: ${fix}`);
  };
  const root: unknown = document.toJS();
  const auth = readAuth(root, file, problem);
  const throttling = readThrottleRules(
    isRecord(root) ? root.throttling : undefined,
    problem,
    (record, known, prefix) => unknownKeys(record, known, prefix, problem),
  );
  const headersAllow = readHeaderAllowlist(
    isRecord(root) ? root.headers : undefined,
    problem,
    (record, known, prefix) => unknownKeys(record, known, prefix, problem),
  );
  const limits = readLimits(isRecord(root) ? root.limits : undefined, problem, (record, known, prefix) =>
    unknownKeys(record, known, prefix, problem),
  );
  const cors = readCors(isRecord(root) ? root.cors : undefined, problem, (record, known, prefix) =>
    unknownKeys(record, known, prefix, problem),
  );
  const tls = readTlsFiles(isRecord(root) ? root.tls : undefined, file, problem, (record, known, prefix) =>
    unknownKeys(record, known, prefix, problem),
  );
  if (problems.length > 0) {
    return { kind: 'error', message: `${problems.join('\n')}\n${exampleHint()}` };
  }
  // No problem was reported, so every part was read.
  return {
    kind: 'ok',
    config: {
      auth: auth ?? NO_CREDENTIALS,
      ...(throttling !== undefined && throttling.length > 0 && { throttling }),
      ...(tls !== undefined && { tls }),
      ...(cors !== undefined && { cors }),
      ...(limits !== undefined && { limits }),
      ...(headersAllow !== undefined && { headersAllow }),
    },
  };
}

/** Reads and checks a config file from disk. */
export function loadGatewayConfig(path: string): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GatewayConfigError(
      code === 'ENOENT'
        ? `${path}: no such file: check the --config path.`
        : code === 'EISDIR'
          ? `${path} is a folder: --config takes a YAML file.`
          : `${path}: cannot read it (${code ?? 'unknown error'}).`,
    );
  }
  const reading = readGatewayConfig(text, path);
  if (reading.kind === 'error') {
    throw new GatewayConfigError(reading.message);
  }
  return reading.config;
}

type Report = (key: string, fix: string) => void;

function readAuth(root: unknown, file: string, problem: Report): GatewayCredentials | undefined {
  if (root === null || root === undefined) {
    return NO_CREDENTIALS; // an empty file: no credentials
  }
  if (!isRecord(root)) {
    problem('(top level)', 'must be a mapping with auth: and throttling: keys.');
    return undefined;
  }
  unknownKeys(root, ['auth', 'throttling', 'tls', 'cors', 'limits', 'headers'], '', problem);
  const auth = root.auth;
  if (auth === undefined || auth === null) {
    return NO_CREDENTIALS;
  }
  if (!isRecord(auth)) {
    problem('auth', 'must be a mapping with apiKeys: and/or oauth2:.');
    return undefined;
  }
  unknownKeys(auth, ['apiKeys', 'oauth2'], 'auth.', problem);
  const apiKeys = stringList(auth.apiKeys, 'auth.apiKeys', 'a list of API keys, e.g. [my-dev-key]', problem);
  const oauth2Tokens = readOAuth2(auth.oauth2, problem);
  const oauth2 = isRecord(auth.oauth2) ? auth.oauth2 : {};
  const jwt = readJwtSettings(oauth2.jwt, file, problem, (record, known, prefix) =>
    unknownKeys(record, known, prefix, problem),
  );
  return apiKeys && oauth2Tokens && { apiKeys, oauth2Tokens, ...(jwt !== undefined && { jwt }) };
}

function readOAuth2(oauth2: unknown, problem: Report): OAuthToken[] | undefined {
  if (oauth2 === undefined || oauth2 === null) {
    return [];
  }
  if (!isRecord(oauth2)) {
    problem('auth.oauth2', 'must be a mapping with a tokens: list and/or jwt:.');
    return undefined;
  }
  unknownKeys(oauth2, ['tokens', 'jwt'], 'auth.oauth2.', problem);
  const tokens = oauth2.tokens;
  if (tokens === undefined || tokens === null) {
    return [];
  }
  if (!Array.isArray(tokens)) {
    problem('auth.oauth2.tokens', 'must be a list of entries like - token: my-dev-token.');
    return undefined;
  }
  const read: OAuthToken[] = [];
  let failed = false;
  tokens.forEach((entry: unknown, index) => {
    const key = `auth.oauth2.tokens[${index}]`;
    if (!isRecord(entry)) {
      problem(key, 'must be a mapping: - token: my-dev-token (scopes: [...] optional).');
      failed = true;
      return;
    }
    unknownKeys(entry, ['token', 'scopes', 'type'], `${key}.`, problem);
    const type = entry.type;
    if (type !== undefined && type !== 'production' && type !== 'sandbox') {
      problem(`${key}.type`, 'must be production or sandbox (the endpoint the token reaches).');
      failed = true;
      return;
    }
    const token = entry.token;
    if (typeof token !== 'string' || token.trim() === '') {
      problem(`${key}.token`, 'is missing or not a non-empty string: add token: <the token clients send>.');
      failed = true;
      return;
    }
    if (/\s/.test(token)) {
      problem(`${key}.token`, 'must not contain spaces: clients send it as Authorization: Bearer <token>.');
      failed = true;
      return;
    }
    const scopes = stringList(
      entry.scopes,
      `${key}.scopes`,
      'a list of scope names, e.g. [creator]',
      problem,
    );
    if (scopes === undefined) {
      failed = true;
      return;
    }
    read.push({ token, scopes, ...(type === 'sandbox' && { type }) });
  });
  return failed ? undefined : read;
}

/** A list of non-empty strings (absent: empty); the values are never repeated in messages. */
function stringList(value: unknown, key: string, what: string, problem: Report): string[] | undefined {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    problem(key, `must be ${what}.`);
    return undefined;
  }
  const bad = value.findIndex((item) => typeof item !== 'string' || item.trim() === '');
  if (bad !== -1) {
    problem(`${key}[${bad}]`, `must be a non-empty string: ${key} is ${what} (quote values such as '123').`);
    return undefined;
  }
  return value as string[];
}

function unknownKeys(
  record: Record<string, unknown>,
  known: readonly string[],
  prefix: string,
  problem: Report,
): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key)) {
      const near = known.find((name) => name.toLowerCase() === key.toLowerCase());
      problem(
        `${prefix}${key}`,
        near !== undefined
          ? `unknown key: did you mean ${prefix}${near}?`
          : `unknown key: the keys here are ${known.map((name) => `${prefix}${name}`).join(', ')}.`,
      );
    }
  }
}

function exampleHint(): string {
  return `A gateway config file looks like this:\n${CONFIG_EXAMPLE}`;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\.$/, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
