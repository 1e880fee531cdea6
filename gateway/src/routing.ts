import {
  basePaths,
  literalLength,
  matchTopic,
  topicRank,
  topicUrl,
  type ApiTopic,
  NEWEST_WSO2_VERSION,
  versionDifferences,
  wso2Profile,
  type FollowedVersion,
  type TopicParams,
  type WsApi,
} from '../../core/src';

export { basePaths };

/** A WebSocket API the gateway serves, with the api.yaml it came from (for messages). */
export interface ServedApi {
  readonly api: WsApi;
  readonly source: string;
  /** The WSO2 version whose gateway it answers as, and why; absent: the newest. */
  readonly follows?: FollowedVersion;
}

/** One topic of one API reachable under one base path (`/chats/1.0.0`, or `/chats` for a default version). */
export interface Route {
  readonly served: ServedApi;
  readonly topic: ApiTopic;
  /** Index of the topic in `api.topics`. */
  readonly topicIndex: number;
  readonly basePath: string;
}

interface Base {
  readonly path: string;
  readonly served: ServedApi;
  /** Sorted by precedence: exact, template, wildcard, `/*`. */
  readonly routes: readonly Route[];
}

export interface RouteTable {
  /** Longest base path first. */
  readonly bases: readonly Base[];
}

export type RouteMatch =
  | { readonly kind: 'matched'; readonly route: Route; readonly params: TopicParams }
  | { readonly kind: 'no-api' }
  | { readonly kind: 'no-resource'; readonly served: ServedApi };

/** Two APIs answering at the same base path: each message names both sources and the fix. */
export function routeConflicts(apis: readonly ServedApi[]): string[] {
  const owners = new Map<string, ServedApi>();
  const conflicts: string[] = [];
  for (const served of apis) {
    for (const path of basePaths(served.api)) {
      const owner = owners.get(path);
      if (owner === undefined) {
        owners.set(path, served);
        continue;
      }
      conflicts.push(
        `${served.source} and ${owner.source} both serve ${path} (context ${served.api.context}, version ` +
          `${served.api.version}${served.api.isDefaultVersion ? ', default version' : ''}): ` +
          'change the context or version of one of them, or serve them from separate gateways.',
      );
    }
  }
  return conflicts;
}

export function buildRouteTable(apis: readonly ServedApi[]): RouteTable {
  const bases = apis.flatMap((served) =>
    basePaths(served.api).map((path) => ({
      path,
      served,
      routes: served.api.topics
        .map((topic, topicIndex) => ({ served, topic, topicIndex, basePath: path }))
        .sort(byPrecedence),
    })),
  );
  return { bases: bases.sort((a, b) => b.path.length - a.path.length) };
}

function byPrecedence(a: Route, b: Route): number {
  return (
    topicRank(a.topic.name) - topicRank(b.topic.name) ||
    literalLength(b.topic.name) - literalLength(a.topic.name) ||
    a.topicIndex - b.topicIndex
  );
}

/** Finds the route of a request path (no query), as WSO2 does: the API by context, then the topic. */
export function matchRoute(table: RouteTable, requestPath: string): RouteMatch {
  const path = requestPath.length > 1 ? requestPath.replace(/\/+$/, '') || '/' : requestPath;
  const base = table.bases.find(
    (candidate) => path === candidate.path || path.startsWith(`${candidate.path}/`) || candidate.path === '/',
  );
  if (base === undefined) {
    return { kind: 'no-api' };
  }
  const subPath = base.path === '/' ? path : path.slice(base.path.length) || '/';
  for (const route of base.routes) {
    const params = matchTopic(route.topic.name, subPath);
    if (params !== undefined) {
      return { kind: 'matched', route, params };
    }
  }
  return { kind: 'no-resource', served: base.served };
}

/**
 * The head of the route table: per API the WSO2 version it answers as and why, then, indented, where that
 * version's gateway does otherwise than the definition suggests (`/open: x-auth-type None, but WSO2 4.2 asks
 * for credentials`).
 */
export function versionLines(apis: readonly ServedApi[]): string[] {
  return apis.flatMap((served) => {
    const follows = served.follows ?? { version: NEWEST_WSO2_VERSION, because: 'the newest' };
    return [
      `${served.api.name} ${served.api.version} answers as WSO2 ${follows.version} (${follows.because})`,
      ...versionDifferences(served.api, wso2Profile(follows.version)).map((line) => `  ${line}`),
    ];
  });
}

/** One line per route: `ws://host:port/chats/1.0.0/rooms/{roomID} -> ws://localhost:8080/rooms?room=…`. */
export function routeLines(
  table: RouteTable,
  gatewayUrl: string,
  backendOf: (route: Route) => string,
): string[] {
  return [...table.bases]
    .sort((a, b) => a.path.localeCompare(b.path))
    .flatMap((base) =>
      base.routes.map((route) => {
        return `${topicUrl(gatewayUrl, base.path, route.topic.name)} -> ${backendOf(route)}`;
      }),
    );
}
