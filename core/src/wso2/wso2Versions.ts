// How the WSO2 gateway's handshake differs between API Manager versions (docs/wso2.md section 8): one profile
// per release line, so that the local gateway answers as the version a project targets. Pure data.
import type { WsApi } from './apiModel';

/** The API Manager release lines whose WebSocket gateway wsapi knows. */
export const WSO2_VERSIONS = ['4.0', '4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7'] as const;
export type Wso2Version = (typeof WSO2_VERSIONS)[number];
/** What a plain AsyncAPI file, an api.yaml without a version and an unknown newer version follow. */
export const NEWEST_WSO2_VERSION: Wso2Version = '4.7';

/** What one version's gateway does at the handshake, where versions differ. */
export interface Wso2Profile {
  readonly version: Wso2Version;
  /**
   * A topic with `x-auth-type: None` opens without credentials. Before the no-auth authenticator it asks for
   * them like any other topic (docs/wso2.md 8.2: api-manager #4539 on 4.2, #3331, product-apim #7036).
   */
  readonly openTopics: boolean;
  /** API keys (`apikey` header or query) are taken at the handshake (carbon-apimgt #12228, docs/wso2.md 8.2). */
  readonly apiKeys: boolean;
  /**
   * Client query parameters other than `access_token`/`apikey` reach the backend; up to 4.3 they are dropped
   * (api-manager #5204, docs/wso2.md 2.4 and 8.2).
   */
  readonly forwardsClientQuery: boolean;
  /** The 401 body when no credential is present. */
  readonly noCredentialsText: string;
  /** The 404 body when no API has the path's context, and when the API has no topic for it. */
  readonly noMatchingApi: (path: string) => string;
  readonly noMatchingResource: (path: string) => string;
}

const NO_CREDENTIALS_4_0 = 'No Authorization Header or access_token query parameter present';
const NO_CREDENTIALS_4_3 =
  'No Authorization header, access_token query parameter, apikey header or query parameter present';

/** 4.2 and later name the request path, with one trailing '/' taken off as the matching does (docs/wso2.md 8.2). */
function withPath(text: string): (path: string) => string {
  return (path) => `${text} for path : ${path.endsWith('/') ? path.slice(0, -1) : path}`;
}

function profile(version: Wso2Version): Wso2Profile {
  const at = WSO2_VERSIONS.indexOf(version);
  const since = (first: Wso2Version): boolean => at >= WSO2_VERSIONS.indexOf(first);
  const namesPath = since('4.2');
  return {
    version,
    openTopics: since('4.7'),
    apiKeys: since('4.3'),
    forwardsClientQuery: since('4.4'),
    noCredentialsText: since('4.3') ? NO_CREDENTIALS_4_3 : NO_CREDENTIALS_4_0,
    noMatchingApi: namesPath
      ? withPath('No matching API was found to dispatch the request')
      : () => 'No matching API found to dispatch the request',
    noMatchingResource: namesPath
      ? withPath('No matching resource was found to dispatch the request')
      : () => 'No matching resource found to dispatch the request',
  };
}

const PROFILES: ReadonlyMap<Wso2Version, Wso2Profile> = new Map(
  WSO2_VERSIONS.map((version) => [version, profile(version)]),
);

export function wso2Profile(version: Wso2Version = NEWEST_WSO2_VERSION): Wso2Profile {
  return PROFILES.get(version) ?? profile(version);
}

/**
 * The release line a version names: `v4.1.0` (api.yaml), `4.1`, `4.2.0`; one before 4.0 reads as 4.0 and one
 * after the newest as the newest. Undefined for text that is no version.
 */
export function wso2VersionOf(text: string): Wso2Version | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+.][\w.-]*)?$/i.exec(text.trim());
  if (match === null) {
    return undefined;
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major < 4) {
    return WSO2_VERSIONS[0];
  }
  const known = WSO2_VERSIONS.find((version) => version === `${major}.${minor}`);
  return known ?? NEWEST_WSO2_VERSION; // every 4.x up to the newest is known: this one is newer
}

/** The version an API follows and why, for the route table: `--wso2-version`, its api.yaml, or the newest. */
export interface FollowedVersion {
  readonly version: Wso2Version;
  /** `--wso2-version`, `api.yaml version v4.1.0`, `the newest: ...` */
  readonly because: string;
}

/** Which version an API follows: the one given (flag or setting), else its api.yaml's, else the newest. */
export function followedVersion(
  api: Pick<WsApi, 'wso2Version'>,
  given: { readonly version: Wso2Version; readonly by: string } | undefined,
): FollowedVersion {
  if (given !== undefined) {
    return { version: given.version, because: given.by };
  }
  if (api.wso2Version === undefined) {
    return { version: NEWEST_WSO2_VERSION, because: 'the newest: no api.yaml version' };
  }
  const read = wso2VersionOf(api.wso2Version);
  return read === undefined
    ? { version: NEWEST_WSO2_VERSION, because: `the newest: api.yaml version ${api.wso2Version} is unknown` }
    : { version: read, because: `api.yaml version ${api.wso2Version}` };
}

/**
 * Where the API's definition suggests one thing and its version's gateway does another: one line each, e.g.
 * `/open: x-auth-type None, but WSO2 4.2 asks for credentials`.
 */
export function versionDifferences(
  api: Pick<WsApi, 'topics' | 'securityScheme'>,
  wso2: Wso2Profile,
): string[] {
  const lines: string[] = [];
  if (!wso2.apiKeys && api.securityScheme.includes('api_key')) {
    lines.push(`securityScheme api_key, but WSO2 ${wso2.version} takes no API key at the handshake`);
  }
  if (!wso2.openTopics) {
    for (const topic of api.topics) {
      if (topic.authType?.trim().toLowerCase() === 'none') {
        lines.push(`${topic.name}: x-auth-type None, but WSO2 ${wso2.version} asks for credentials`);
      }
    }
  }
  return lines;
}
