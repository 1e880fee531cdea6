import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';

import type { ApiTopic, WsApi } from '../../core/src';
import { loadApiProjects } from '../../gateway/src/projectLoader';
import type { ServedApi } from '../../gateway/src/routing';
import { REPO_ROOT } from './paths';

/** What a test backend saw of one connection. */
export interface BackendConnection {
  readonly socket: WebSocket;
  /** The request target the gateway asked for: path and query. */
  readonly url: string;
  readonly protocol: string;
  readonly headers: IncomingMessage['headers'];
  readonly messages: Array<{ readonly data: string; readonly isBinary: boolean }>;
}

export interface TestBackend {
  readonly port: number;
  readonly endpoint: string;
  readonly server: WebSocketServer;
  readonly connections: BackendConnection[];
  /** Resolves with the next connection (or the first one not yet taken). */
  nextConnection(): Promise<BackendConnection>;
  close(): Promise<void>;
}

/**
 * A real WebSocket backend on 127.0.0.1 and a free port that records what it gets and echoes nothing unless
 * the test says so. `protocols` picks the first offered protocol it knows.
 */
export async function startTestBackend(
  options: { protocols?: readonly string[] } = {},
): Promise<TestBackend> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (offered) => [...offered].find((name) => options.protocols?.includes(name)) ?? false,
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const connections: BackendConnection[] = [];
  let taken = 0;
  const waiters: Array<(connection: BackendConnection) => void> = [];
  server.on('connection', (socket, request) => {
    socket.on('error', () => undefined);
    const connection: BackendConnection = {
      socket,
      url: request.url ?? '',
      protocol: socket.protocol,
      headers: request.headers,
      messages: [],
    };
    socket.on('message', (data, isBinary) => connection.messages.push({ data: rawText(data), isBinary }));
    connections.push(connection);
    waiters.shift()?.(connection);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    endpoint: `ws://127.0.0.1:${port}`,
    server,
    connections,
    nextConnection: () => {
      const ready = connections[taken];
      taken += 1;
      return ready !== undefined
        ? Promise.resolve(ready)
        : withTimeout(new Promise((resolve) => waiters.push(resolve)), 'a backend connection');
    },
    close: () =>
      new Promise((resolve) => {
        server.clients.forEach((client) => client.terminate());
        server.close(() => resolve());
      }),
  };
}

/** A WebSocket API model for tests, with one topic per entry of `topics`. */
export function testApi(
  endpoint: string,
  topics: ReadonlyArray<Partial<ApiTopic> & { name: string }>,
  fields: Partial<WsApi> = {},
): ServedApi {
  return {
    source: `${fields.name ?? 'Test'}/api.yaml`,
    api: {
      name: 'Test',
      context: '/test',
      version: '1.0.0',
      isDefaultVersion: false,
      endpoints: { production: endpoint },
      securityScheme: [],
      topics: topics.map((topic) => ({ verbs: ['SUBSCRIBE', 'PUBLISH'], examples: [], ...topic })),
      ...fields,
    },
  };
}

/** An API project of test/fixtures/projects, served from `endpoint` instead of the endpoint it names. */
export function fixtureApi(folder: string, endpoint: string): ServedApi {
  const [served] = loadApiProjects([join(REPO_ROOT, 'test', 'fixtures', 'projects', folder)]).apis;
  if (served === undefined) {
    throw new Error(`test/fixtures/projects/${folder} holds no WebSocket API`);
  }
  return { ...served, api: { ...served.api, endpoints: { production: endpoint } } };
}

/** Resolves with the texts a backend connection has received, once it has received `count` messages. */
export async function backendReceived(connection: BackendConnection, count: number): Promise<string[]> {
  while (connection.messages.length < count) {
    await withTimeout(
      new Promise((resolve) => connection.socket.once('message', resolve)),
      `message ${connection.messages.length + 1} at the backend`,
    );
  }
  return connection.messages.map((message) => message.data);
}

type Message = { readonly data: string; readonly isBinary: boolean };

/** Messages a socket received that no test has taken yet, and tests waiting for the next one. */
const inboxes = new WeakMap<WebSocket, { queue: Message[]; waiters: Array<(message: Message) => void> }>();

/** Keeps every message of a socket from now on, so none is lost before a test asks for it. */
function collect(socket: WebSocket): void {
  const inbox = { queue: [] as Message[], waiters: [] as Array<(message: Message) => void> };
  inboxes.set(socket, inbox);
  socket.on('message', (data, isBinary) => {
    const message = { data: rawText(data), isBinary };
    const waiter = inbox.waiters.shift();
    if (waiter === undefined) {
      inbox.queue.push(message);
    } else {
      waiter(message);
    }
  });
}

/** What a test client sends when it opens: subprotocols, handshake headers, the CA it trusts for wss. */
export interface ClientOptions {
  readonly protocols?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly ca?: string;
}

/**
 * Opens a client and resolves once it is open; its messages are kept for nextMessage from the start. A handshake
 * the gateway answers with an HTTP status instead fails with that status.
 */
export function openClient(
  url: string,
  { protocols = [], headers = {}, ca }: ClientOptions = {},
): Promise<WebSocket> {
  const socket = new WebSocket(url, [...protocols], {
    headers: { ...headers },
    ...(ca !== undefined && { ca }),
  });
  collect(socket);
  return withTimeout(
    new Promise((resolve, reject) => {
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`${url} answered ${response.statusCode ?? '?'}`)),
      );
    }),
    `opening ${url}`,
  );
}

/** Opens a WebSocket and resolves with the HTTP status and body the server answered instead of upgrading. */
export function rejectedHandshake(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string; body: string }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.on('open', () => reject(new Error(`${url} was upgraded`)));
      socket.on('error', reject);
      socket.on('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'] ?? '',
            body,
          }),
        );
      });
    }),
    `the rejection of ${url}`,
  );
}

/** The next message a socket receives (the oldest one kept, for sockets from openClient). */
export function nextMessage(socket: WebSocket): Promise<Message> {
  const inbox = inboxes.get(socket);
  const kept = inbox?.queue.shift();
  if (kept !== undefined) {
    return Promise.resolve(kept);
  }
  return withTimeout(
    new Promise((resolve) => {
      if (inbox === undefined) {
        socket.once('message', (data, isBinary) => resolve({ data: rawText(data), isBinary }));
      } else {
        inbox.waiters.push(resolve);
      }
    }),
    'a message',
  );
}

/** The close code and reason a socket ends with. */
export function closeOf(socket: WebSocket): Promise<{ code: number; reason: string }> {
  if (socket.readyState === WebSocket.CLOSED) {
    return Promise.reject(new Error('already closed: ask for closeOf before closing'));
  }
  return withTimeout(
    new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    ),
    'a close',
  );
}

/** Resolves when the predicate holds, checking after every event the emitter sends. */
export function untilEvent<T>(
  subscribe: (listener: (value: T) => void) => void,
  predicate: (value: T) => boolean,
): Promise<T> {
  return withTimeout(
    new Promise((resolve) => subscribe((value) => predicate(value) && resolve(value))),
    'an event',
  );
}

export function withTimeout<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString('utf8');
  }
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}
