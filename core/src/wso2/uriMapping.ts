import type { TopicParams } from './topicTemplate';

/** Query parameters that carry credentials; the gateway removes them before forwarding (docs/wso2.md 2.4). */
export const CREDENTIAL_QUERY_PARAMS: readonly string[] = ['access_token', 'apikey'];

/** The `{uri.var.x}` names a URL mapping uses, in order. */
export function mappingVariables(uriMapping: string): string[] {
  return [...uriMapping.matchAll(/\{uri\.var\.([^{}]+)\}/g)].map((match) => match[1] ?? '');
}

/**
 * The backend URL for a topic, as WSO2 builds it: endpoint + URL mapping by plain concatenation (no slash
 * added), `{uri.var.x}` filled from the topic's `{x}` (percent-encoded). No mapping: the bare endpoint.
 */
export function mappedBackendUrl(
  endpoint: string,
  uriMapping: string | undefined,
  params: TopicParams,
): string {
  if (uriMapping === undefined || uriMapping === '') {
    return endpoint;
  }
  const filled = uriMapping.replace(/\{uri\.var\.([^{}]+)\}/g, (_whole, name: string) =>
    encodeURIComponent(decodeSafely(params[name] ?? '')),
  );
  return endpoint + filled;
}

/**
 * Adds the client's query to a backend URL: credential parameters removed, every other parameter appended in
 * the client's order and encoding; the backend URL's own parameter wins on a name clash.
 */
export function withClientQuery(backendUrl: string, clientQuery: string): string {
  const hashAt = backendUrl.indexOf('#');
  const base = hashAt === -1 ? backendUrl : backendUrl.slice(0, hashAt);
  const queryAt = base.indexOf('?');
  const own = new Set(queryPairs(queryAt === -1 ? '' : base.slice(queryAt + 1)).map((pair) => pair.name));
  const added = queryPairs(clientQuery.replace(/^\?/, ''))
    .filter((pair) => !CREDENTIAL_QUERY_PARAMS.includes(pair.name) && !own.has(pair.name))
    .map((pair) => pair.raw);
  if (added.length === 0) {
    return base;
  }
  const separator = queryAt === -1 ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}${added.join('&')}`;
}

interface QueryPair {
  /** The decoded name, for comparisons. */
  readonly name: string;
  /** `name=value` exactly as written. */
  readonly raw: string;
}

function queryPairs(query: string): QueryPair[] {
  return query
    .split('&')
    .filter((raw) => raw !== '')
    .map((raw) => {
      const equals = raw.indexOf('=');
      const name = decodeSafely((equals === -1 ? raw : raw.slice(0, equals)).replace(/\+/g, ' '));
      return { name, raw };
    });
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
