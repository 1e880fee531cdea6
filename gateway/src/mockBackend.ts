import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

import type { ApiTopic, WsApi } from '../../core/src';
import { exampleText, MockPlan } from '../../core/src/wso2/mockMessages';

/** Stop sending examples to a client that has this much queued. */
const MOCK_HIGH_WATER_MARK = 1024 * 1024;

/**
 * A stand-in backend for one API, on 127.0.0.1 and a free port. On topics with SUBSCRIBE it sends the AsyncAPI
 * messages' examples, or for a message without examples a sample made from its payload schema (the first at once,
 * then one per interval, in a loop). A client frame that matches the request of an AsyncAPI 3 operation with a
 * `reply` is answered with the reply message; any other frame is echoed. See `MockPlan` for the rules.
 */
export interface MockBackend {
  /** The endpoint to use for a topic; the gateway appends the topic's URL mapping to it. */
  endpointFor(topicIndex: number): string;
  /** Payload schemas the mock could not use (no sample, no request matching), one line each. */
  readonly problems: readonly string[];
  close(): Promise<void>;
}

export async function startMockBackend(api: WsApi, intervalMs: number): Promise<MockBackend> {
  // Samples are made here, once per API load (and reload), not per connection.
  const plan = new MockPlan(api);
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  server.on('connection', (socket, request) => serve(socket, plan, topicOf(api, request), intervalMs));
  return {
    endpointFor: (topicIndex) => `ws://127.0.0.1:${port}/~${topicIndex}~`,
    problems: plan.problems,
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

function serve(socket: WebSocket, plan: MockPlan, topic: ApiTopic | undefined, intervalMs: number): void {
  socket.on('error', () => undefined);
  // Only topics with request/reply operations read the frames; elsewhere the echo leaves them as they are.
  const answering = (topic?.mock?.replies.length ?? 0) > 0 ? topic : undefined;
  socket.on('message', (data, isBinary) => {
    const answer = answering === undefined || isBinary ? undefined : plan.answer(answering, rawText(data));
    socket.send(answer === undefined ? data : exampleText(answer.payload), {
      binary: answer === undefined && isBinary,
    });
  });
  const sends = topic === undefined ? [] : plan.sendsOf(topic);
  if (sends.length === 0) {
    return;
  }
  let next = 0;
  const sendNext = (): void => {
    const message = sends[next % sends.length];
    if (
      message !== undefined &&
      socket.readyState === WebSocket.OPEN &&
      socket.bufferedAmount < MOCK_HIGH_WATER_MARK
    ) {
      socket.send(exampleText(message.payload));
      next += 1;
    }
  };
  sendNext();
  const timer = setInterval(sendNext, intervalMs);
  socket.on('close', () => clearInterval(timer));
}

/** A frame's bytes as text (`ws` hands the mock a Buffer unless its binaryType is changed). */
function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString('utf8');
  }
  return (Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data))).toString('utf8');
}
