// Which of the running gateway's routes serve a topic of a project, what a route's URL needs filled in, and
// which credential a handshake sends. No VS Code API here.
import { topicParameters } from '../../../core/src/asyncapi/topics';
import { normalizeTopic } from '../../../core/src/wso2/topicTemplate';
import type { ApiProjectSummary, ApiTopicSummary } from '../../../core/src/protocol';
import type { EditorCredentials, GatewayRoute } from './gatewayProcess';

/** The path of a route's URL, as the gateway printed it (`{roomID}` still in braces). */
export function routePath(route: GatewayRoute): string {
  return route.url.replace(/^wss?:\/\/[^/]+/, '') || '/';
}

/**
 * The routes that serve `topic` of `project`: their path is the project's base path (its context, with the
 * version where the context places it, or without it for the default version) followed by the topic. The
 * versioned route comes first.
 */
export function routesOfTopic(
  routes: readonly GatewayRoute[],
  project: Pick<ApiProjectSummary, 'context' | 'version'>,
  topic: string,
): GatewayRoute[] {
  const { context, version } = project;
  if (context === undefined || version === undefined) {
    return [];
  }
  const suffix = normalizeTopic(topic);
  const contextSegments = segments(context);
  // Where the gateway serves the project (its table is the truth; this only recognises the project's rows):
  // the version in its `{version}` segment or after the context, or no version at all for a default version.
  const versioned = contextSegments.includes('{version}')
    ? contextSegments.map((segment) => (segment === '{version}' ? version : segment))
    : [...contextSegments, version];
  const unversioned = contextSegments.filter((segment) => segment !== '{version}');
  const matches = routes.filter((route) => {
    const path = routePath(route);
    if (!path.endsWith(suffix)) {
      return false;
    }
    const base = segments(path.slice(0, path.length - suffix.length));
    return sameSegments(base, versioned) || sameSegments(base, unversioned);
  });
  const rank = (route: GatewayRoute): number => (segments(routePath(route)).includes(version) ? 0 : 1);
  return matches.sort((a, b) => rank(a) - rank(b));
}

/** What a route's URL needs from the user: a value per `{parameter}`, and a path for a trailing `/*`. */
export interface RouteBlanks {
  readonly parameters: readonly string[];
  readonly wildcard: boolean;
}

export function routeBlanks(route: GatewayRoute): RouteBlanks {
  return { parameters: topicParameters(route.url), wildcard: route.url.endsWith('/*') };
}

/**
 * The URL to connect to: each `{parameter}` replaced by its value (percent-encoded), a trailing `/*` by `rest`
 * (a sub-path such as `news/today`, or nothing).
 */
export function fillRoute(route: GatewayRoute, values: Readonly<Record<string, string>>, rest = ''): string {
  const filled = route.url.replace(/\{([^{}]+)\}/g, (_match, name: string) =>
    encodeURIComponent(values[name] ?? ''),
  );
  if (!filled.endsWith('/*')) {
    return filled;
  }
  const tail = rest.replace(/^\/+/, '');
  return tail === '' ? filled.slice(0, -2) : `${filled.slice(0, -1)}${tail}`;
}

export type Credential =
  | { readonly kind: 'none' }
  | { readonly kind: 'apiKey' | 'oauth2'; readonly value: string }
  | { readonly kind: 'missing'; readonly accepted: readonly ('apiKey' | 'oauth2')[] };

/**
 * What a handshake to `topic` carries: nothing for an open topic (auth type None); otherwise the stored OAuth2
 * token when the API takes OAuth2 (its default), else the stored API key when it takes API keys. One kind only:
 * the gateway, like WSO2, judges a handshake by its Authorization header when there is one.
 */
export function credentialFor(
  project: Pick<ApiProjectSummary, 'securityScheme'>,
  topic: Pick<ApiTopicSummary, 'authType'> | undefined,
  stored: EditorCredentials,
): Credential {
  if (topic?.authType?.trim().toLowerCase() === 'none') {
    return { kind: 'none' };
  }
  const schemes = project.securityScheme.length > 0 ? project.securityScheme : ['oauth2'];
  const accepted = [
    ...(schemes.includes('oauth2') ? (['oauth2'] as const) : []),
    ...(schemes.includes('api_key') ? (['apiKey'] as const) : []),
  ];
  if (accepted.includes('oauth2') && stored.oauth2Token !== undefined) {
    return { kind: 'oauth2', value: stored.oauth2Token };
  }
  if (accepted.includes('apiKey') && stored.apiKey !== undefined) {
    return { kind: 'apiKey', value: stored.apiKey };
  }
  return { kind: 'missing', accepted };
}

/** The handshake headers of a credential. */
export function credentialHeaders(credential: Credential): Record<string, string> {
  switch (credential.kind) {
    case 'oauth2':
      return { Authorization: `Bearer ${credential.value}` };
    case 'apiKey':
      return { apikey: credential.value };
    default:
      return {};
  }
}

/** Every scope the projects' topics name: the editor's token is granted them all. */
export function projectScopes(projects: readonly ApiProjectSummary[]): string[] {
  return [...new Set(projects.flatMap((project) => project.topics.flatMap((topic) => topic.scopes ?? [])))];
}

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function sameSegments(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}
