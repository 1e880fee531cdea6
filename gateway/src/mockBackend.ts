import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

import type { ApiTopic, WsApi } from '../../core/src';

/** Stop sending examples to a client that has this much queued. */
const MOCK_HIGH_WATER_MARK = 1024 * 1024;

/**
 * A stand-in backend for one API, on 127.0.0.1 and a free port: it echoes what clients publish and, on topics
 * with SUBSCRIBE, sends the AsyncAPI message examples (the first at once, then one per interval, in a loop).
 */
export interface MockBackend {
  /** The endpoint to use for a topic; the gateway appends the topic's URL mapping to it. */
  endpointFor(topicIndex: number): string;
  close(): Promise<void>;
}

export async function startMockBackend(api: WsApi, intervalMs: number): Promise<MockBackend> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  server.on('connection', (socket, request) => serve(socket, topicOf(api, request), intervalMs));
  return {
    endpointFor: (topicIndex) => `ws://127.0.0.1:${port}/~${topicIndex}~`,
    close: () =>
      new Promise((resolve) => {
        server.clients.forEach((client) => client.terminate());
        server.close(() => resolve());
      }),
  };
}

function topicOf(api: WsApi, request: IncomingMessage): ApiTopic | undefined {
  const index = /^\/~(\d+)~/.exec(request.url ?? '')?.[1];
  return index === undefined ? undefined : api.topics[Number(index)];
}

function serve(socket: WebSocket, topic: ApiTopic | undefined, intervalMs: number): void {
  socket.on('error', () => undefined);
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  const examples = topic?.verbs.includes('SUBSCRIBE') ? topic.examples : [];
  if (examples.length === 0) {
    return;
  }
  let next = 0;
  const sendNext = (): void => {
    if (socket.readyState === WebSocket.OPEN && socket.bufferedAmount < MOCK_HIGH_WATER_MARK) {
      socket.send(exampleText(examples[next % examples.length]));
      next += 1;
    }
  };
  sendNext();
  const timer = setInterval(sendNext, intervalMs);
  socket.on('close', () => clearInterval(timer));
}

/** An example as a text frame: strings as they are, anything else as JSON. */
export function exampleText(example: unknown): string {
  return typeof example === 'string' ? example : JSON.stringify(example);
}
