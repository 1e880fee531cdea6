import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import type { WebSocketServer } from 'ws';

import { mappedBackendUrl, withClientQuery } from '../../core/src';
import { authenticateHandshake } from './authentication';
import { BackendError, connectBackend, type BackendOptions } from './backendConnection';
import { NO_MATCHING_API, NO_MATCHING_RESOURCE } from './constants';
import type { GatewayCredentials } from './gatewayConfig';
import { handshakeProblem, offeredProtocols, splitTarget } from './handshake';
import { rejectHandshake } from './httpResponse';
import { matchRoute, type Route, type RouteTable } from './routing';

export interface UpgradeContext extends BackendOptions {
  readonly table: RouteTable;
  /** The credentials accepted on secured topics. */
  readonly credentials: GatewayCredentials;
  /** The endpoint a route's URL mapping is appended to (the production endpoint, or a mock). */
  readonly endpointOf: (route: Route) => string;
  /** A `noServer` WebSocketServer whose `handleProtocols` answers with `chosenProtocols.get(request)`. */
  readonly webSockets: WebSocketServer;
  readonly chosenProtocols: WeakMap<IncomingMessage, string>;
  /** Called with both sockets once the client is accepted. */
  readonly connected: (client: WebSocket, backend: WebSocket) => void;
}

/**
 * Answers one handshake: routes it, authenticates it, opens the backend first, then accepts the client with the sub-protocol the
 * backend chose. Anything that fails is a plain-text HTTP answer, never an upgrade (REFERENCE.md 3.2).
 */
export async function handleUpgrade(
  context: UpgradeContext,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  socket.on('error', () => socket.destroy());
  const { path, query } = splitTarget(request.url);
  const problem = handshakeProblem(request.method, request.headers);
  if (problem !== undefined) {
    rejectHandshake(socket, 400, problem);
    return;
  }
  const match = matchRoute(context.table, path);
  if (match.kind !== 'matched') {
    rejectHandshake(
      socket,
      404,
      `${match.kind === 'no-api' ? NO_MATCHING_API : NO_MATCHING_RESOURCE}${path}`,
    );
    return;
  }
  const { route, params } = match;
  const decision = authenticateHandshake(
    { headers: request.headers, query },
    {
      securityScheme: route.served.api.securityScheme,
      authType: route.topic.authType,
      scopes: route.topic.scopes,
    },
    context.credentials,
  );
  if (!decision.ok) {
    rejectHandshake(socket, decision.status, decision.body);
    return;
  }
  // Only the URL and the sub-protocols reach the backend: no client header (Authorization, apikey) is
  // forwarded, and withClientQuery drops access_token and apikey from the query (REFERENCE.md 2.4).
  const url = withClientQuery(
    mappedBackendUrl(context.endpointOf(route), route.topic.uriMapping, params),
    query,
  );
  const connection = connectBackend(
    url,
    offeredProtocols(request.headers['sec-websocket-protocol']),
    context,
  );
  const abort = (): void => connection.abort();
  socket.once('close', abort);
  let backend: WebSocket;
  try {
    backend = await connection.opened;
  } catch (error) {
    socket.off('close', abort);
    if (!socket.destroyed) {
      const cause = error instanceof BackendError ? error.message : String(error);
      rejectHandshake(socket, 502, `Cannot connect to the backend ${url}: ${cause}`);
    }
    return;
  }
  if (socket.destroyed) {
    backend.terminate();
    return;
  }
  if (backend.protocol !== '') {
    context.chosenProtocols.set(request, backend.protocol);
  }
  context.webSockets.handleUpgrade(request, socket, head, (client) => {
    socket.off('close', abort);
    context.connected(client, backend);
  });
}
