import { wso2Profile, type Wso2Profile } from '../../core/src/wso2/wso2Versions';
import type { GatewayCredentials, KeyType } from './credentials';

/** Handshake error texts, exactly as the WSO2 gateway writes them (docs/wso2.md 3.2); the newest version's. */
export const NO_CREDENTIALS_PRESENT = wso2Profile().noCredentialsText;
export const INVALID_CREDENTIALS = 'Invalid Credentials';

/** What the handshake carries that may hold credentials. */
export interface HandshakeCredentials {
  /** Request headers; names in any case (Node gives them lower-cased). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The query string, without `?`. */
  readonly query: string;
}

/** What protects the topic a handshake was routed to. */
export interface TopicSecurity {
  /** api.yaml `securityScheme`: `oauth2` and `api_key` enable those authenticators; empty means `oauth2`. */
  readonly securityScheme: readonly string[];
  /** The topic's `x-auth-type` / operation `authType`: `None` makes it open. */
  readonly authType?: string;
  /** A token needs one of these scopes (none: any valid token). */
  readonly scopes?: readonly string[];
  /** The WSO2 version whose gateway decides (open topics, API keys, texts); absent: the newest. */
  readonly wso2?: Wso2Profile;
}

export type AuthDecision =
  | { readonly ok: true; readonly keyType?: KeyType }
  | { readonly ok: false; readonly status: 401; readonly body: string };

const OK: AuthDecision = { ok: true };
const invalid: AuthDecision = { ok: false, status: 401, body: INVALID_CREDENTIALS };

/**
 * Decides a handshake as WSO2's `InboundWebSocketProcessor.handleHandshake` does (docs/wso2.md 3.1, 8.2): an
 * open topic (`None`) needs nothing where the version has the no-auth authenticator; else OAuth2 when an
 * `Authorization` header is present, else `?access_token=`; then an API key from the `apikey` header or
 * `?apikey=` where the version takes them; else 401. An authenticator only counts when the API's security
 * scheme enables it.
 */
export function authenticateHandshake(
  request: HandshakeCredentials,
  topic: TopicSecurity,
  credentials: GatewayCredentials,
): AuthDecision {
  const wso2 = topic.wso2 ?? wso2Profile();
  if (isOpenTopic(topic.authType) && wso2.openTopics) {
    return OK;
  }
  // WSO2 protects an API without a security scheme with OAuth2 (its default scheme).
  const schemes = topic.securityScheme.length > 0 ? topic.securityScheme : ['oauth2'];
  const query = new URLSearchParams(request.query);
  const authorization = header(request.headers, 'authorization');
  const accessToken = query.get('access_token');
  if (authorization !== undefined || accessToken !== null) {
    if (!schemes.includes('oauth2')) {
      return invalid;
    }
    const token = authorization !== undefined ? bearerToken(authorization) : (accessToken ?? undefined);
    const known = credentials.oauth2Tokens.find((candidate) => candidate.token === token);
    if (token === undefined || token === '' || known === undefined) {
      return invalid;
    }
    const required = topic.scopes ?? [];
    const granted = required.length === 0 || required.some((scope) => known.scopes.includes(scope));
    return !granted ? invalid : known.type === 'sandbox' ? { ok: true, keyType: 'sandbox' } : OK;
  }
  const apiKey = wso2.apiKeys ? (header(request.headers, 'apikey') ?? query.get('apikey')) : null;
  if (apiKey !== null) {
    return schemes.includes('api_key') && apiKey !== '' && credentials.apiKeys.includes(apiKey)
      ? OK
      : invalid;
  }
  return { ok: false, status: 401, body: wso2.noCredentialsText };
}

/** Whether a topic's auth type (`x-auth-type` / `authType`) is `None`: an open topic. */
export function isOpenTopic(authType: string | undefined): boolean {
  return authType?.trim().toLowerCase() === 'none';
}

/** The first value of a header, looked up in any case. */
function header(headers: HandshakeCredentials['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined) {
      return typeof value === 'string' ? value : value[0];
    }
  }
  return undefined;
}

/**
 * The token of `Bearer <token>`, else undefined. As WSO2's OAuthAuthenticator reads it (docs/wso2.md 8.1): the
 * value split at single spaces, the first part exactly `Bearer` (`bearer x` is refused), the token the second.
 */
export function bearerToken(authorization: string): string | undefined {
  const [scheme, token] = authorization.split(' ');
  return scheme === 'Bearer' && token !== undefined && token !== '' ? token : undefined;
}
