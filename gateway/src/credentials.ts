// What the gateway accepts at the handshake, apart from where it is read (gatewayConfig) and how it is checked
// (authentication, jwt): the three import these types, not one another.
import type * as JoseModule from 'jose' with { 'resolution-mode': 'import' };

/** A JSON Web Key Set (`{"keys": [...]}`), as jose reads it. */
export type JSONWebKeySet = Parameters<(typeof JoseModule)['createLocalJWKSet']>[0];

export type KeyType = 'production' | 'sandbox';

/** An opaque OAuth2 access token the gateway accepts, with the scopes it grants. */
export interface OAuthToken {
  readonly token: string;
  readonly scopes: readonly string[];
  /** The key type: a sandbox token reaches the API's sandbox endpoint (docs/wso2.md 2.4). Default production. */
  readonly type?: KeyType;
}

/** The config's `auth.oauth2.jwt`: how OAuth2 tokens that are JWTs are verified. */
export interface JwtSettings {
  /** HS256 shared secret (`secret:`), or */
  readonly secret?: string;
  /** the keys of a JWKS file (`jwks:`, a path relative to the config file). */
  readonly jwks?: JSONWebKeySet;
  /** Required `iss` claim, when set. */
  readonly issuer?: string;
  /** Required `aud` claim (one of), when set. */
  readonly audience?: string;
}

/** The credentials the gateway accepts at the handshake (docs/wso2.md 3.1). */
export interface GatewayCredentials {
  /** Accepted API keys (header or query parameter `apikey`). */
  readonly apiKeys: readonly string[];
  /** Accepted OAuth2 tokens (`Authorization: Bearer …` or `?access_token=`). */
  readonly oauth2Tokens: readonly OAuthToken[];
  /** How OAuth2 tokens that are JWTs are verified (`auth.oauth2.jwt`); absent: JWTs are opaque tokens. */
  readonly jwt?: JwtSettings;
}

/** Without a config file the gateway accepts no credentials: every secured topic answers 401. */
export const NO_CREDENTIALS: GatewayCredentials = { apiKeys: [], oauth2Tokens: [] };
