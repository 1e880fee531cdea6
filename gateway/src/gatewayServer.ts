import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createSecureServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

import { handleHttpRequest } from './httpEndpoints';
import { closeListener, GatewayStartError, listen, urlHost } from './listeners';
import { closeWhenIdle, keepAlive } from './limits';
import { GatewayMetrics, type TopicCounters } from './metrics';
import type { RawBackend } from './rawHandshake';
import { RawRelay, type ConnectionRelay } from './rawRelay';
import { Relay, type RelayEvent } from './relay';
import { routeConflicts, routeLines, type Route } from './routing';
import {
  buildServedState,
  endpointOfApi,
  ServedStates,
  type ServedInput,
  type ServedState,
} from './servedState';
import type { TrafficLog } from './trafficLog';
import type { TlsCredentials } from './tls';
import { handleUpgrade, type UpgradeContext } from './upgradeHandler';

export { GatewayStartError };

/** How the gateway listens and relays, and what it serves first (`ServedInput`: the APIs and the config). */
export interface GatewayOptions extends ServedInput {
  /** Address to bind; 127.0.0.1 unless the user asks for more. */
  readonly host: string;
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Also serve wss on this port (0: a free one) with this certificate; absent: no wss listener. */
  readonly tls?: { readonly port: number; readonly credentials: TlsCredentials };
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
  reload(next: ServedInput): Promise<void>;
  /** Stops accepting, closes every connection with 1001 and resolves when the port is free again. */
  close(): Promise<void>;
}

const DEFAULTS = { connectTimeoutMs: 5000, maxPayload: 16 * 1024 * 1024, highWaterMark: 1024 * 1024 };
/** How long a graceful stop waits for closing handshakes before cutting connections. */
const SHUTDOWN_GRACE_MS = 3000;

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const metrics = new GatewayMetrics((options.apis ?? []).map((served) => served.api));
  const build = (input: ServedInput): Promise<ServedState> => {
    const conflicts = routeConflicts(input.apis ?? []);
    if (conflicts.length > 0) {
      return Promise.reject(new GatewayStartError(conflicts.join('\n')));
    }
    return buildServedState(input, { ...options, metrics });
  };
  /** What new handshakes get; a reload swaps it whole, and a replaced one lives while its connections do. */
  const served = new ServedStates(await build(options));
  const relays = new Relays();
  const upgrades = new UpgradeListener(options, metrics, relays, served);
  const server = createServer((request, response) => handleHttpRequest(request, response, metrics));
  server.on('upgrade', upgrades.onUpgrade);
  const secure =
    options.tls &&
    createSecureServer(
      { cert: options.tls.credentials.cert, key: options.tls.credentials.key },
      (request, response) => handleHttpRequest(request, response, metrics),
    ).on('upgrade', upgrades.onUpgrade);
  try {
    await listen(server, { ...options, flag: '--port' });
    if (secure !== undefined && options.tls !== undefined) {
      await listen(secure, { ...options, port: options.tls.port, flag: '--tls-port' }).catch(
        async (error: unknown) => {
          await closeListener(server);
          throw error;
        },
      );
    }
  } catch (error) {
    await served.closeAll();
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
      return routeLines(served.now.table, url, (route) => (options.mock ? '(mock)' : backendLabel(route)));
    },
    relays: () => relays.open(),
    get notes() {
      return served.now.notes;
    },
    reload: async (next) => served.swap(await build(next)),
    close: async () => {
      const secureClosed = secure && closeListener(secure);
      await stop(server, upgrades, relays, served);
      await secureClosed;
    },
  };
}

/** The relays open now, each counted in its topic's metrics while it is open. */
class Relays {
  private readonly relays = new Set<ConnectionRelay>();

  track(relay: ConnectionRelay, counters: TopicCounters): void {
    counters.open += 1;
    counters.total += 1;
    this.relays.add(relay);
    void relay.closed.then(() => {
      this.relays.delete(relay);
      counters.open -= 1;
    });
  }

  open(): ConnectionRelay[] {
    return [...this.relays];
  }
}

/**
 * The listeners' `upgrade` handler: answers each handshake from the served state of the moment it arrives,
 * then relays the connection (frame by frame, or raw); holds the handshakes under way until they end.
 */
class UpgradeListener {
  /** Handshakes under way: a stop destroys their sockets. */
  readonly pending = new Set<Duplex>();
  readonly webSockets: WebSocketServer;
  private readonly chosenProtocols = new WeakMap<IncomingMessage, string>();
  private readonly settings: typeof DEFAULTS & Pick<GatewayOptions, 'observer'>;

  constructor(
    private readonly options: GatewayOptions,
    private readonly metrics: GatewayMetrics,
    private readonly relays: Relays,
    private readonly served: ServedStates,
  ) {
    this.settings = { ...DEFAULTS, ...definedOnly(options) };
    this.webSockets = new WebSocketServer({
      noServer: true,
      maxPayload: this.settings.maxPayload,
      handleProtocols: (_offered, request) => this.chosenProtocols.get(request) ?? false,
    });
  }

  readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.pending.add(socket);
    const state = this.served.now;
    // The state (its mock backends) stays while the client's connection made on it is open.
    socket.once('close', this.served.hold(state));
    const context = this.context(state, socket);
    void handleUpgrade(context, request, socket, head).finally(() => this.pending.delete(socket));
  };

  private context(state: ServedState, socket: Duplex): UpgradeContext {
    const { settings, options, metrics } = this;
    const idleTimeoutMs = options.idleTimeoutMs ?? 0;
    const pingIntervalMs = options.pingIntervalMs ?? 0;
    return {
      ...settings,
      table: state.table,
      wso2: state.wso2,
      credentials: state.credentials,
      ...(state.cors !== undefined && { cors: state.cors }),
      ...(state.headersAllow !== undefined && { headersAllow: state.headersAllow }),
      endpointOf: state.endpointOf,
      webSockets: this.webSockets,
      chosenProtocols: this.chosenProtocols,
      connected: (client: WebSocket, backend: WebSocket, route: Route, path: string) => {
        const { api } = route.served;
        const pipeline = state.frames.pipelineFor(api, route.topic, path);
        const relay = new Relay(client, backend, pipeline ? { ...settings, pipeline } : settings);
        closeWhenIdle(socket, relay, idleTimeoutMs);
        keepAlive(socket, relay, pingIntervalMs);
        this.relays.track(relay, metrics.of(api, route.topic));
      },
      relaysRaw: state.relaysRaw,
      connectedRaw: (client: Duplex, head: Buffer, backend: RawBackend, route: Route) => {
        const counters = metrics.of(route.served.api, route.topic);
        const relay = new RawRelay(client, head, backend, { ...settings, counters });
        closeWhenIdle(client, relay, idleTimeoutMs);
        keepAlive(client, relay, pingIntervalMs);
        this.relays.track(relay, counters);
      },
      backendFailed: (route: Route) => {
        metrics.of(route.served.api, route.topic).errors.backend += 1;
      },
    };
  }
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

async function stop(
  server: Server,
  upgrades: UpgradeListener,
  relays: Relays,
  served: ServedStates,
): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  upgrades.pending.forEach((socket) => socket.destroy());
  const open = relays.open();
  open.forEach((relay) => relay.close(1001, 'Gateway shutting down'));
  const grace = setTimeout(() => open.forEach((relay) => relay.terminate()), SHUTDOWN_GRACE_MS);
  await Promise.all(open.map((relay) => relay.closed));
  clearTimeout(grace);
  await served.closeAll();
  await new Promise<void>((resolve) => upgrades.webSockets.close(() => resolve()));
  await closed;
}
