import type { WsApi } from './apiModel';

/** WSO2's WebSocket port (`apim.ws.port`) and the local gateway's default. */
export const GATEWAY_WS_PORT = 9099;
/** WSO2's secure WebSocket port (`apim.wss.port`). */
export const GATEWAY_WSS_PORT = 8099;

/** The base paths of an API: `{context}/{version}` (or the context with `{version}` filled), plus the default. */
export function basePaths(api: Pick<WsApi, 'context' | 'version' | 'isDefaultVersion'>): string[] {
  const versioned = api.context.includes('{version}')
    ? api.context.replace('{version}', api.version)
    : `${api.context}/${api.version}`;
  if (!api.isDefaultVersion) {
    return [versioned];
  }
  const unversioned = api.context.replace(/\/?\{version\}/, '') || '/';
  return [versioned, unversioned.startsWith('/') ? unversioned : `/${unversioned}`];
}

/** The URL a client opens for a topic under a base path: `ws://localhost:9099` + `/chats/1.0.0` + `/rooms/{roomID}`. */
export function topicUrl(gatewayUrl: string, basePath: string, topic: string): string {
  const path = topic.startsWith('/') ? topic : `/${topic}`;
  return `${gatewayUrl}${basePath === '/' ? '' : basePath}${path}`;
}

/** The backend URL of a topic as a template: endpoint + URL mapping, `{uri.var.x}` shown as the topic's `{x}`. */
export function backendUrlTemplate(endpoint: string, uriMapping: string | undefined): string {
  return endpoint + (uriMapping ?? '').replace(/\{uri\.var\.([^{}]+)\}/g, '{$1}');
}
