import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import type { WebSocketServer } from 'ws';

import { mappedBackendUrl, withClientQuery } from '../../core/src';
import { wso2Profile, type Wso2Profile } from '../../core/src/wso2/wso2Versions';
import { BackendError, connectBackend, type BackendOptions } from './backendConnection';
import type { GatewayCredentials, KeyType } from './credentials';
import { handshakeProblem, offeredProtocols, splitTarget } from './handshake';
import { rejectHandshake } from './httpResponse';
import { forwardedHeaders } from './forwardedHeaders';
import { INVALID_CREDENTIALS } from './authentication';
import { authenticateWithJwt } from './jwt';
import { originAllowed, type CorsSettings } from './origin';
import { acceptRawClient, connectRawBackend, type RawBackend } from './rawHandshake';
import { matchRoute, type Route, type RouteTable, type ServedApi } from './routing';

export interface UpgradeContext extends BackendOptions {
  readonly table: RouteTable;
  /** The version a path that names no API answers as (each API answers as its own). */
  readonly wso2: Wso2Profile;
  /** The credentials accepted on secured topics. */
  readonly credentials: GatewayCredentials;
  /** Browser origins allowed to connect; absent: any. */
  readonly cors?: CorsSettings;
  /** Client headers passed to the backend (config `headers.allow`); absent: the default allowlist. */
  readonly headersAllow?: readonly string[];
  /** The endpoint a route's URL mapping is appended to (the production endpoint, or a mock). */
  readonly endpointOf: (route: Route, keyType?: KeyType) => string | undefined;
  /** A `noServer` WebSocketServer whose `handleProtocols` answers with `chosenProtocols.get(request)`. */
  readonly webSockets: WebSocketServer;
  readonly chosenProtocols: WeakMap<IncomingMessage, string>;
  /** Called with both sockets once the client is accepted, with the route and the request path (no query). */
  readonly connected: (client: WebSocket, backend: WebSocket, route: Route, path: string) => void;
  /** Called when the backend cannot be reached at the handshake (the client got 502). */
  readonly backendFailed?: (route: Route) => void;
  /** True for a route whose frames no feature reads: its connections are relayed raw (`connectedRaw`). */
  readonly relaysRaw?: (route: Route) => boolean;
  /** Called with the client socket, its first bytes and the backend once a raw-relayed client is accepted. */
  readonly connectedRaw?: (
    client: Duplex,
    head: Buffer,
    backend: RawBackend,
    route: Route,
    path: string,
  ) => void;
}

/**
 * Answers one handshake: routes it, authenticates it, opens the backend first, then accepts the client with the sub-protocol the
 * backend chose. Anything that fails is a plain-text HTTP answer, never an upgrade (docs/wso2.md 3.2).
 */
export async function handleUpgrade(
  context: UpgradeContext,
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  socket.on('error', destroyOnError);
  const { path, query } = splitTarget(request.url);
  const problem = handshakeProblem(request.method, request.headers);
  if (problem !== undefined) {
    rejectHandshake(socket, 400, problem);
    return;
  }
  // WSO2 checks the Origin first and answers 403 with no body (docs/wso2.md 3.1, 3.2).
  if (!originAllowed(context.cors, request.headers.origin)) {
    rejectHandshake(socket, 403, '');
    return;
  }
  const match = matchRoute(context.table, path);
  if (match.kind === 'no-api') {
    rejectHandshake(socket, 404, context.wso2.noMatchingApi(path));
    return;
  }
  if (match.kind === 'no-resource') {
    rejectHandshake(socket, 404, profileOf(match.served).noMatchingResource(path));
    return;
  }
  const { route, params } = match;
  const wso2 = profileOf(route.served);
  const decision = await authenticateWithJwt(
    { headers: request.headers, query },
    {
      securityScheme: route.served.api.securityScheme,
      authType: route.topic.authType,
      scopes: route.topic.scopes,
      wso2,
    },
    context.credentials,
  );
  if (!decision.ok) {
    rejectHandshake(socket, decision.status, decision.body);
    return;
  }
  // Credentials never reach the backend: Authorization and apikey are never forwarded headers, and
  // withClientQuery drops access_token and apikey from the query; up to 4.3 WSO2 drops the whole client query
  // (docs/wso2.md 2.4, 8.2).
  const endpoint = context.endpointOf(route, decision.keyType);
  if (endpoint === undefined) {
    // A production key on a sandbox-only API, or the reverse: WSO2 refuses it (docs/wso2.md 2.4).
    rejectHandshake(socket, 401, INVALID_CREDENTIALS);
    return;
  }
  const url = withClientQuery(
    mappedBackendUrl(endpoint, route.topic.uriMapping, params),
    wso2.forwardsClientQuery ? query : '',
  );
  const protocols = offeredProtocols(request.headers['sec-websocket-protocol']);
  const headers = forwardedHeaders(
    request.headers,
    { address: request.socket.remoteAddress, secure: 'encrypted' in request.socket },
    context.headersAllow,
  );
  const backendOptions = { ...context, headers };
  const connectedRaw = context.relaysRaw?.(route) === true ? context.connectedRaw : undefined;
  if (connectedRaw !== undefined) {
    const raw = await openBackend(
      context,
      route,
      socket,
      url,
      connectRawBackend(url, protocols, backendOptions),
    );
    if (raw !== undefined) {
      raw.accepted();
      acceptRawClient(socket, request.headers['sec-websocket-key'] ?? '', raw.backend.protocol);
      connectedRaw(socket, head, raw.backend, route, path);
    }
    return;
  }
  const opened = await openBackend(
    context,
    route,
    socket,
    url,
    connectBackend(url, protocols, backendOptions),
  );
  if (opened === undefined) {
    return;
  }
  const { backend, accepted } = opened;
  if (backend.protocol !== '') {
    context.chosenProtocols.set(request, backend.protocol);
  }
  context.webSockets.handleUpgrade(request, socket, head, (client) => {
    accepted();
    context.connected(client, backend, route, path);
  });
}

function profileOf(served: ServedApi): Wso2Profile {
  return wso2Profile(served.follows?.version);
}

/**
 * The client socket's error listener. A closure made in handleUpgrade would keep everything the handshake held
 * (the request, the per-handshake context) alive as long as the connection.
 */
function destroyOnError(this: Duplex): void {
  this.destroy();
}

/**
 * Waits for the backend's handshake: a failure answers the client 502 with the cause; a client gone
 * meanwhile aborts it. `accepted` stops the abort once the client is accepted.
 */
async function openBackend<T>(
  context: UpgradeContext,
  route: Route,
  socket: Duplex,
  url: string,
  connection: { opened: Promise<T>; abort: () => void },
): Promise<{ backend: T; accepted: () => void } | undefined> {
  const abort = (): void => connection.abort();
  socket.once('close', abort);
  let backend: T;
  try {
    backend = await connection.opened;
  } catch (error) {
    socket.off('close', abort);
    if (!socket.destroyed) {
      context.backendFailed?.(route);
      const cause = error instanceof BackendError ? error.message : String(error);
      rejectHandshake(socket, 502, `Cannot connect to the backend ${url}: ${cause}`);
    }
    return undefined;
  }
  if (socket.destroyed) {
    connection.abort();
    return undefined;
  }
  return { backend, accepted: () => socket.off('close', abort) };
}
