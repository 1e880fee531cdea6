import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import {
  authenticateHandshake,
  bearerToken,
  type AuthDecision,
  type HandshakeCredentials,
  type TopicSecurity,
} from './authentication';
import type { GatewayCredentials, JSONWebKeySet, JwtSettings, OAuthToken } from './credentials';
import type * as JoseModule from 'jose' with { 'resolution-mode': 'import' };

// jose is an ES module: loaded with import() from this CommonJS code, once.
type Jose = typeof JoseModule;
type JWTPayload = Awaited<ReturnType<Jose['jwtVerify']>>['payload'];
type KeySet = ReturnType<Jose['createLocalJWKSet']>;
let jose: Promise<Jose> | undefined;
const loadJose = (): Promise<Jose> => (jose ??= import('jose'));

type Report = (key: string, fix: string) => void;
type UnknownKeys = (record: Record<string, unknown>, known: readonly string[], prefix: string) => void;

const KEY = 'auth.oauth2.jwt';

/**
 * Reads `auth.oauth2.jwt` of the config file `file`; a JWKS file is read relative to it. Problems go to
 * `problem`; the secret is never repeated.
 */
export function readJwtSettings(
  value: unknown,
  file: string,
  problem: Report,
  unknownKeys: UnknownKeys,
): JwtSettings | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problem(KEY, 'must be a mapping with secret: (HS256) or jwks: (a JWKS file), issuer: and audience:.');
    return undefined;
  }
  const record = value as Record<string, unknown>;
  unknownKeys(record, ['secret', 'jwks', 'issuer', 'audience'], `${KEY}.`);
  const text = (key: string): string | undefined => {
    const item = record[key];
    if (item === undefined || item === null) {
      return undefined;
    }
    if (typeof item !== 'string' || item.trim() === '') {
      problem(`${KEY}.${key}`, 'must be a non-empty string.');
      return undefined;
    }
    return item;
  };
  const secret = text('secret');
  const jwksPath = text('jwks');
  const issuer = text('issuer');
  const audience = text('audience');
  if ((secret === undefined) === (jwksPath === undefined)) {
    problem(KEY, 'needs exactly one of secret: (an HS256 shared secret) or jwks: (a JWKS file path).');
    return undefined;
  }
  const jwks = jwksPath !== undefined ? readJwks(resolve(dirname(file), jwksPath), problem) : undefined;
  if (jwksPath !== undefined && jwks === undefined) {
    return undefined;
  }
  return {
    ...(secret !== undefined && { secret }),
    ...(jwks !== undefined && { jwks }),
    ...(issuer !== undefined && { issuer }),
    ...(audience !== undefined && { audience }),
  };
}

function readJwks(path: string, problem: Report): JSONWebKeySet | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    problem(
      `${KEY}.jwks`,
      code === 'ENOENT'
        ? `${path} does not exist: give the path of a JWKS file (relative to the config file).`
        : `${path} is not a JSON file: a JWKS file is {"keys": [...]}.`,
    );
    return undefined;
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    problem(`${KEY}.jwks`, `${path} has no keys: a JWKS file is {"keys": [{"kty": ...}, ...]}.`);
    return undefined;
  }
  return parsed as JSONWebKeySet;
}

/** Whether a bearer token has the JWT shape (WSO2: "tokens with two dots are treated as JWTs"). */
export function isJwtShaped(token: string): boolean {
  return token.split('.').length === 3;
}

/** The scopes a verified JWT grants: its `scope` claim (space-separated) or `scp` (a list or a string). */
export function scopesOf(payload: JWTPayload): string[] {
  const claim = payload.scope ?? payload.scp;
  if (typeof claim === 'string') {
    return claim.split(' ').filter((scope) => scope !== '');
  }
  return Array.isArray(claim) ? claim.filter((scope): scope is string => typeof scope === 'string') : [];
}

const keySets = new WeakMap<JSONWebKeySet, KeySet>();

/** Verifies a JWT against the settings; resolves to the token with its scopes, or undefined when it fails. */
export async function verifyJwt(token: string, settings: JwtSettings): Promise<OAuthToken | undefined> {
  const options = {
    ...(settings.issuer !== undefined && { issuer: settings.issuer }),
    ...(settings.audience !== undefined && { audience: settings.audience }),
  };
  const { jwtVerify, createLocalJWKSet } = await loadJose();
  try {
    const { payload } =
      settings.jwks !== undefined
        ? await jwtVerify(token, keySetOf(settings.jwks, createLocalJWKSet), options)
        : await jwtVerify(token, new TextEncoder().encode(settings.secret ?? ''), {
            ...options,
            algorithms: ['HS256'],
          });
    // WSO2's JWTs carry the key type in `keytype` (PRODUCTION or SANDBOX).
    const sandbox = typeof payload.keytype === 'string' && payload.keytype.toUpperCase() === 'SANDBOX';
    return { token, scopes: scopesOf(payload), ...(sandbox && { type: 'sandbox' as const }) };
  } catch {
    return undefined; // expired, bad signature, wrong issuer or audience: Invalid Credentials
  }
}

function keySetOf(jwks: JSONWebKeySet, createLocalJWKSet: Jose['createLocalJWKSet']): KeySet {
  let keySet = keySets.get(jwks);
  if (keySet === undefined) {
    keySet = createLocalJWKSet(jwks);
    keySets.set(jwks, keySet);
  }
  return keySet;
}

/**
 * {@link authenticateHandshake} with JWTs: a JWT-shaped OAuth2 token is verified with `credentials.jwt`, and a
 * valid one counts as a token with the scopes of its claims. Without `jwt` settings JWTs are opaque tokens.
 */
export async function authenticateWithJwt(
  request: HandshakeCredentials,
  topic: TopicSecurity,
  credentials: GatewayCredentials,
): Promise<AuthDecision> {
  const token = presentedToken(request);
  if (credentials.jwt === undefined || token === undefined || !isJwtShaped(token)) {
    return authenticateHandshake(request, topic, credentials);
  }
  const verified = await verifyJwt(token, credentials.jwt);
  const oauth2Tokens = verified !== undefined ? [verified] : [];
  return authenticateHandshake(request, topic, { ...credentials, oauth2Tokens });
}

/** The OAuth2 token a handshake presents (`Authorization: Bearer` or `?access_token=`), if any. */
function presentedToken(request: HandshakeCredentials): string | undefined {
  const authorization = Object.entries(request.headers).find(
    ([name]) => name.toLowerCase() === 'authorization',
  )?.[1];
  const value = typeof authorization === 'string' ? authorization : authorization?.[0];
  if (value !== undefined) {
    return bearerToken(value);
  }
  return new URLSearchParams(request.query).get('access_token') ?? undefined;
}
