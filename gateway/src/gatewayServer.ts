import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createSecureServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

import { NO_MATCHING_API } from './constants';
import { FrameFeatures } from './framePipeline';
import { NO_CREDENTIALS, type GatewayCredentials, type KeyType } from './credentials';
import { splitTarget } from './handshake';
import { GatewayMetrics, type TopicCounters } from './metrics';
import { startMockBackend, type MockBackend } from './mockBackend';
import type { RawBackend } from './rawHandshake';
import { RawRelay, type ConnectionRelay } from './rawRelay';
import { Relay, type RelayEvent } from './relay';
import { buildRouteTable, routeConflicts, routeLines, type Route, type ServedApi } from './routing';
import type { ThrottleRule } from './throttling';
import type { TrafficLog } from './trafficLog';
import { closeWhenIdle, keepAlive } from './limits';
import type { CorsSettings } from './origin';
import type { TlsCredentials } from './tls';
import { handleUpgrade } from './upgradeHandler';

export interface GatewayOptions {
  /** Address to bind; 127.0.0.1 unless the user asks for more. */
  readonly host: string;
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** The APIs to serve (none: every handshake gets the 404 "No matching API"). */
  readonly apis?: readonly ServedApi[];
  /** Also serve wss on this port (0: a free one) with this certificate; absent: no wss listener. */
  readonly tls?: { readonly port: number; readonly credentials: TlsCredentials };
  /** Browser origins allowed to connect (config `cors:`); absent: any. */
  readonly cors?: CorsSettings;
  /** Client headers passed to the backend (config `headers.allow`); absent: origin, user-agent, accept-language. */
  readonly headersAllow?: readonly string[];
  /** Credentials accepted on secured topics (none: every secured topic answers 401). */
  readonly credentials?: GatewayCredentials;
  /** Serve each API from a built-in mock backend instead of its endpoints. */
  readonly mock?: { readonly intervalMs: number };
  /** Time allowed for the backend handshake before answering 502. Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /** Largest message accepted from either side; a larger one closes that side with 1009. Default 16 MiB. */
  readonly maxPayload?: number;
  /** A connection with no traffic for this long is closed with 1001 (config `limits.idleTimeoutMs`). Default 0: never. */
  readonly idleTimeoutMs?: number;
  /** Ping the client this often; one silent for a whole interval after a ping is cut (`limits.pingIntervalMs`). Default 0: never. */
  readonly pingIntervalMs?: number;
  /** Reading a side pauses while the other side has more than this queued. Default 1 MiB. */
  readonly highWaterMark?: number;
  /** Sees every relay event (pause, resume, close): for tests and logs. */
  readonly observer?: (event: RelayEvent) => void;
  /** Frame quotas per API or topic (the config's `throttling:`). */
  readonly throttling?: readonly ThrottleRule[];
  /** Drop frames whose payload does not match their message schema (`--strict`); else they are only reported. */
  readonly strict?: boolean;
  /** The traffic log (`--log`): one JSON line per connection event and frame. */
  readonly log?: TrafficLog;
  /** Gets one line per invalid frame. */
  readonly report?: (line: string) => void;
}

export interface Gateway {
  /** `ws://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** `wss://host:port` and its port, when serving TLS. */
  readonly tlsUrl?: string;
  readonly tlsPort?: number;
  /** One line per route: client URL -> backend URL (or `(mock)`). */
  readonly routes: readonly string[];
  /** The relays open now. */
  relays(): readonly ConnectionRelay[];
  /** Unused throttling rules, payload schemas that cannot be used and mock messages that cannot be made, one line each. */
  readonly notes: readonly string[];
  /**
   * Serves other APIs, credentials and quotas from now on: new handshakes use them, open connections stay.
   * Rejects (keeping what is served) when the APIs' routes clash.
   */
  reload(
    next: Pick<GatewayOptions, 'apis' | 'credentials' | 'throttling' | 'cors' | 'headersAllow'>,
  ): Promise<void>;
  /** Stops accepting, closes every connection with 1001 and resolves when the port is free again. */
  close(): Promise<void>;
}

/** Raised when the gateway cannot start; the message names the cause and the fix. */
export class GatewayStartError extends Error {}

const DEFAULTS = { connectTimeoutMs: 5000, maxPayload: 16 * 1024 * 1024, highWaterMark: 1024 * 1024 };
/** How long a graceful stop waits for closing handshakes before cutting connections. */
const SHUTDOWN_GRACE_MS = 3000;

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const apis = options.apis ?? [];
  const conflicts = routeConflicts(apis);
  if (conflicts.length > 0) {
    throw new GatewayStartError(conflicts.join('\n'));
  }
  let table = buildRouteTable(apis);
  let mocks = await startMocks(apis, options.mock);
  /** Every mock started, the replaced ones too: connections opened before a reload may still use them. */
  const allMocks = new Map(mocks);
  let credentials = options.credentials ?? NO_CREDENTIALS;
  let cors = options.cors;
  let headersAllow = options.headersAllow;
  const endpointOf = (route: Route, keyType?: KeyType): string | undefined =>
    mocks.get(route.served)?.endpointFor(route.topicIndex) ?? endpointByKeyType(route.served, keyType);
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const metrics = new GatewayMetrics(apis.map((served) => served.api));
  let frames = new FrameFeatures(
    apis.map((served) => served.api),
    { ...options, metrics },
  );
  const chosenProtocols = new WeakMap<IncomingMessage, string>();
  const webSockets = new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxPayload,
    handleProtocols: (_offered, request) => chosenProtocols.get(request) ?? false,
  });
  const relays = new Set<ConnectionRelay>();
  /** Counts a relay in its topic's metrics and in `relays` while it is open. */
  const track = (relay: ConnectionRelay, counters: TopicCounters): void => {
    counters.open += 1;
    counters.total += 1;
    relays.add(relay);
    void relay.closed.then(() => {
      relays.delete(relay);
      counters.open -= 1;
    });
  };
  const pending = new Set<Duplex>();
  const server = createServer((request, response) => handleRequest(request, response, metrics));
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    pending.add(socket);
    const context = {
      ...settings,
      table,
      credentials,
      cors,
      headersAllow,
      endpointOf,
      webSockets,
      chosenProtocols,
      connected: (client: WebSocket, backend: WebSocket, route: Route, path: string) => {
        const { api } = route.served;
        const pipeline = frames.pipelineFor(api, route.topic, path);
        const relay = new Relay(client, backend, pipeline ? { ...settings, pipeline } : settings);
        closeWhenIdle(socket, relay, options.idleTimeoutMs ?? 0);
        keepAlive(socket, relay, options.pingIntervalMs ?? 0);
        track(relay, metrics.of(api, route.topic));
      },
      // Mock backends keep the frame path; a topic no per-frame feature reads is relayed raw, as nginx does.
      relaysRaw: (route: Route) =>
        !mocks.has(route.served) && !frames.needsFrames(route.served.api, route.topic),
      connectedRaw: (client: Duplex, head: Buffer, backend: RawBackend, route: Route) => {
        const counters = metrics.of(route.served.api, route.topic);
        const relay = new RawRelay(client, head, backend, { ...settings, counters });
        closeWhenIdle(client, relay, options.idleTimeoutMs ?? 0);
        keepAlive(client, relay, options.pingIntervalMs ?? 0);
        track(relay, counters);
      },
      backendFailed: (route: Route) => {
        metrics.of(route.served.api, route.topic).errors.backend += 1;
      },
    };
    void handleUpgrade(context, request, socket, head).finally(() => pending.delete(socket));
  };
  server.on('upgrade', onUpgrade);
  const secure =
    options.tls &&
    createSecureServer(
      { cert: options.tls.credentials.cert, key: options.tls.credentials.key },
      (request, response) => handleRequest(request, response, metrics),
    ).on('upgrade', onUpgrade);
  try {
    await listen(server, options);
    if (secure !== undefined && options.tls !== undefined) {
      await listen(secure, { ...options, port: options.tls.port }, '--tls-port').catch(
        async (error: unknown) => {
          await closeListener(server);
          throw error;
        },
      );
    }
  } catch (error) {
    await Promise.all([...mocks.values()].map((mock) => mock.close()));
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `ws://${urlHost(options.host)}:${port}`;
  const tlsPort = secure && (secure.address() as AddressInfo).port;
  return {
    url,
    port,
    ...(tlsPort !== undefined && { tlsPort, tlsUrl: `wss://${urlHost(options.host)}:${tlsPort}` }),
    get routes() {
      return routeLines(table, url, (route) => (options.mock ? '(mock)' : backendLabel(route)));
    },
    relays: () => [...relays],
    get notes() {
      return [...frames.notes, ...[...mocks.values()].flatMap((mock) => mock.problems)];
    },
    reload: async (next) => {
      const nextApis = next.apis ?? [];
      const clashes = routeConflicts(nextApis);
      if (clashes.length > 0) {
        throw new GatewayStartError(clashes.join('\n'));
      }
      const nextMocks = await startMocks(nextApis, options.mock);
      nextMocks.forEach((mock, served) => allMocks.set(served, mock));
      const nextOptions = { ...options, ...next, metrics };
      frames = new FrameFeatures(
        nextApis.map((served) => served.api),
        nextOptions,
      );
      table = buildRouteTable(nextApis);
      mocks = nextMocks;
      credentials = next.credentials ?? NO_CREDENTIALS;
      cors = next.cors;
      headersAllow = next.headersAllow;
    },
    close: async () => {
      const secureClosed = secure && closeListener(secure);
      await stop(server, webSockets, relays, pending, allMocks);
      await secureClosed;
    },
  };
}

/** The production endpoint, else the sandbox one (no tokens yet to tell them apart). */
function endpointOfApi(served: ServedApi): string {
  return served.api.endpoints.production ?? served.api.endpoints.sandbox ?? '';
}

/**
 * The endpoint a key type reaches: a sandbox key the sandbox endpoint, a production key the production one
 * (undefined when the API has none: refused). Open topics (no key) take production, else sandbox.
 */
function endpointByKeyType(served: ServedApi, keyType: KeyType | undefined): string | undefined {
  return keyType === undefined ? endpointOfApi(served) : served.api.endpoints[keyType];
}

function backendLabel(route: Route): string {
  return endpointOfApi(route.served) + (route.topic.uriMapping ?? '');
}

function definedOnly(options: GatewayOptions): Partial<typeof DEFAULTS> & Pick<GatewayOptions, 'observer'> {
  return Object.fromEntries(
    Object.entries({
      connectTimeoutMs: options.connectTimeoutMs,
      maxPayload: options.maxPayload,
      highWaterMark: options.highWaterMark,
      observer: options.observer,
    }).filter(([, value]) => value !== undefined),
  );
}

async function startMocks(
  apis: readonly ServedApi[],
  mock: GatewayOptions['mock'],
): Promise<Map<ServedApi, MockBackend>> {
  const mocks = new Map<ServedApi, MockBackend>();
  if (mock !== undefined) {
    for (const served of apis) {
      mocks.set(served, await startMockBackend(served.api, mock.intervalMs));
    }
  }
  return mocks;
}

function handleRequest(request: IncomingMessage, response: ServerResponse, metrics: GatewayMetrics): void {
  const { path } = splitTarget(request.url);
  if (request.method === 'GET' && path === '/health') {
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('OK');
    return;
  }
  if (request.method === 'GET' && path === '/metrics') {
    response
      .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' })
      .end(metrics.render());
    return;
  }
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' }).end(`${NO_MATCHING_API}${path}`);
}

function listen(server: Server, options: GatewayOptions, flag = '--port'): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(startError(error, options, flag)));
    server.listen(options.port, options.host, () => resolve());
  });
}

function startError(
  error: NodeJS.ErrnoException,
  { host, port }: GatewayOptions,
  flag: string,
): GatewayStartError {
  switch (error.code) {
    case 'EADDRINUSE':
      return new GatewayStartError(
        `Port ${port} on ${host} is already in use. Stop the process that holds it, or pass ${flag} with another port (${flag} 0 picks a free one).`,
      );
    case 'EACCES':
      return new GatewayStartError(`Not allowed to listen on ${host}:${port}. Use a port above 1023.`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new GatewayStartError(`${host} is not an address of this machine. Pass --host 127.0.0.1.`);
    default:
      return new GatewayStartError(`Cannot listen on ${host}:${port}: ${error.message}`);
  }
}

async function stop(
  server: Server,
  webSockets: WebSocketServer,
  relays: Set<ConnectionRelay>,
  pending: Set<Duplex>,
  mocks: Map<ServedApi, MockBackend>,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  pending.forEach((socket) => socket.destroy());
  const open = [...relays];
  open.forEach((relay) => relay.close(1001, 'Gateway shutting down'));
  const grace = setTimeout(() => open.forEach((relay) => relay.terminate()), SHUTDOWN_GRACE_MS);
  await Promise.all(open.map((relay) => relay.closed));
  clearTimeout(grace);
  await Promise.all([...mocks.values()].map((mock) => mock.close()));
  await new Promise<void>((resolve) => webSockets.close(() => resolve()));
  await closed;
}

/** Stops a listener and resolves once its port is free. */
function closeListener(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
