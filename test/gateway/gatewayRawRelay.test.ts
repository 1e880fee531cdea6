import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { after, before, suite, test } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { acceptOf } from '../../gateway/src/rawHandshake';
import { RawRelay } from '../../gateway/src/rawRelay';
import { Relay, type RelayEvent } from '../../gateway/src/relay';
import {
  closeOf,
  nextMessage,
  openClient,
  rejectedHandshake,
  startTestBackend,
  testApi,
  untilEvent,
  withTimeout,
  type TestBackend,
} from '../support/gatewayHarness';

const OPEN_TOPIC = [{ authType: 'None', name: '/*' }] as const;

/** The first event of `name` on `emitter`, within the harness timeout. */
function nextEvent(emitter: WebSocket, name: 'ping' | 'pong'): Promise<string> {
  return withTimeout(
    once(emitter, name).then(([data]) => String(data)),
    `a ${name}`,
  );
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

suite('gateway: raw relay', () => {
  let backend: TestBackend;
  let gateway: Gateway;

  before(async () => {
    backend = await startTestBackend({ protocols: ['chat.v2'] });
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      maxPayload: 10 * 1024 * 1024,
      apis: [
        testApi(backend.endpoint, [
          { authType: 'None', name: '/*' },
          { authType: 'None', name: '/limited' },
        ]),
      ],
      throttling: [{ api: '/test/1.0.0', topic: '/limited', frames: 1000, per: 'minute' }],
    });
  });

  after(async () => {
    await gateway.close();
    await backend.close();
  });

  const connect = async (
    topic = 'feed',
    protocols: readonly string[] = [],
  ): Promise<{ client: WebSocket; server: WebSocket }> => {
    const client = await openClient(`${gateway.url}/test/1.0.0/${topic}`, { protocols: protocols });
    const { socket } = await backend.nextConnection();
    return { client, server: socket };
  };

  test('a topic no per-frame feature reads is relayed raw; a throttled topic frame by frame', async () => {
    const plain = await connect('feed');
    const limited = await connect('limited');
    const kinds = gateway.relays().map((relay) => relay.constructor);
    assert.deepEqual(kinds, [RawRelay, Relay]);
    plain.client.close();
    limited.client.close();
  });

  test('an 8 MiB binary message crosses intact both ways', async () => {
    const { client, server } = await connect();
    const big = Buffer.alloc(8 * 1024 * 1024);
    for (let index = 0; index < big.length; index += 4) {
      big.writeUInt32LE(index, index);
    }
    const up = once(server, 'message');
    client.send(big);
    const [received, isBinary] = (await withTimeout(up, 'the big message')) as [Buffer, boolean];
    assert.equal(isBinary, true);
    assert.equal(sha256(received), sha256(big));
    const down = nextMessage(client);
    const text = 'é'.repeat(2 * 1024 * 1024); // 4 MiB of UTF-8
    server.send(text);
    const back = await down;
    assert.equal(back.isBinary, false);
    assert.ok(back.data === text, 'the text arrives unchanged');
    client.close();
  });

  test('a message sent in fragments arrives whole, and a ping between the fragments reaches the backend', async () => {
    const { client, server } = await connect();
    const message = once(server, 'message');
    const ping = nextEvent(server, 'ping');
    client.send('first part, ', { fin: false });
    client.ping('between');
    client.send('second part, ', { fin: false });
    client.send('last part', { fin: true });
    assert.equal(await ping, 'between');
    const [data, isBinary] = (await withTimeout(message, 'the fragmented message')) as [Buffer, boolean];
    assert.equal(isBinary, false);
    assert.equal(data.toString(), 'first part, second part, last part');
    client.close();
  });

  test('pings and pongs travel end to end: the far side answers, not the gateway', async () => {
    const { client, server } = await connect();
    const pingAtBackend = nextEvent(server, 'ping');
    const pongAtClient = nextEvent(client, 'pong');
    client.ping('from client');
    assert.equal(await pingAtBackend, 'from client');
    assert.equal(await pongAtClient, 'from client');
    const pingAtClient = nextEvent(client, 'ping');
    const pongAtBackend = nextEvent(server, 'pong');
    server.ping('from backend');
    assert.equal(await pingAtClient, 'from backend');
    assert.equal(await pongAtBackend, 'from backend');
    client.close();
  });

  test('close codes and reasons pass through as sent, both ways', async () => {
    const first = await connect();
    const atBackend = closeOf(first.server);
    const atClient = closeOf(first.client);
    first.client.close(4321, 'fermé: ça suffit');
    assert.deepEqual(await atBackend, { code: 4321, reason: 'fermé: ça suffit' });
    assert.deepEqual(await atClient, { code: 4321, reason: 'fermé: ça suffit' });

    const second = await connect();
    const seen = closeOf(second.client);
    second.server.close(1013, 'try again later');
    assert.deepEqual(await seen, { code: 1013, reason: 'try again later' });
  });

  test('the sub-protocol the backend picks is the one the client gets', async () => {
    const { client, server } = await connect('feed', ['mqtt', 'chat.v2']);
    assert.equal(server.protocol, 'chat.v2');
    assert.equal(client.protocol, 'chat.v2');
    client.close();
  });

  test('a backend that picks none of the offered sub-protocols answers 502, as in the frame path', async () => {
    const answer = await rejectedHandshake(`${gateway.url}/test/1.0.0/feed`, {
      'Sec-WebSocket-Protocol': 'soap',
    });
    assert.equal(answer.status, 502);
    assert.match(answer.body, /accepted none of the sub-protocols the client offered \(soap\)$/);
    // The backend did accept that connection (the gateway refused it): take it, so the next test gets its own.
    await backend.nextConnection();
  });

  test('metrics count the messages and bytes of raw-relayed topics', async () => {
    const { client, server } = await connect();
    const received = untilEvent<number>(
      (listener) => {
        let count = 0;
        server.on('message', () => listener((count += 1)));
      },
      (count) => count === 3,
    );
    ['a', 'bb', 'ccc'].forEach((text) => client.send(text));
    await received;
    const metrics = await (await fetch(`${gateway.url.replace('ws:', 'http:')}/metrics`)).text();
    const sample = (name: string): string | undefined =>
      metrics
        .split('\n')
        .find(
          (line) =>
            line.startsWith(`${name}{`) && line.includes('topic="/*"') && line.includes('client_to_backend'),
        );
    assert.match(sample('wsapi_frames_total') ?? '', / [1-9]\d*$/);
    assert.ok(Number(sample('wsapi_bytes_total')?.split(' ').pop()) >= 6);
    client.close();
  });
});

suite('gateway: raw relay handshakes', () => {
  test('permessage-deflate is off on both legs even when client and backend both support it', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: true });
    await once(server, 'listening');
    const backendSide = once(server, 'connection') as Promise<[WebSocket]>;
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: [testApi(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, [...OPEN_TOPIC])],
    });
    try {
      const client = await openClient(`${gateway.url}/test/1.0.0/zip`); // ws clients offer permessage-deflate
      const [socket] = await withTimeout(backendSide, 'the backend connection');
      assert.equal(client.extensions, '');
      assert.equal(socket.extensions, '');
      const echoed = nextMessage(client);
      socket.on('message', (data) => socket.send(data, { binary: false }));
      client.send('x'.repeat(10_000));
      assert.equal((await echoed).data, 'x'.repeat(10_000));
      client.close();
    } finally {
      await gateway.close();
      server.close();
    }
  });

  test('what the backend sends as soon as it accepts reaches the client', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    server.on('connection', (socket) => {
      socket.send('welcome');
      socket.send(Buffer.from([1, 2, 3]));
    });
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: [testApi(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, [...OPEN_TOPIC])],
    });
    try {
      const client = await openClient(`${gateway.url}/test/1.0.0/hello`);
      assert.deepEqual(await nextMessage(client), { data: 'welcome', isBinary: false });
      assert.deepEqual(await nextMessage(client), { data: '\u0001\u0002\u0003', isBinary: true });
      client.close();
    } finally {
      await gateway.close();
      server.clients.forEach((socket) => socket.terminate());
      server.close();
    }
  });

  test('a message over maxPayload, counted over its fragments, closes both sides with 1009', async () => {
    const backend = await startTestBackend();
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      maxPayload: 1000,
      apis: [testApi(backend.endpoint, [...OPEN_TOPIC])],
    });
    try {
      const client = await openClient(`${gateway.url}/test/1.0.0/big`);
      const { socket: server } = await backend.nextConnection();
      const atClient = closeOf(client);
      const atBackend = closeOf(server);
      client.send('a'.repeat(600), { fin: false });
      client.send('b'.repeat(600), { fin: true });
      assert.equal((await atClient).code, 1009);
      assert.equal((await atBackend).code, 1009);
      assert.deepEqual(backend.connections[0]?.messages, []);
    } finally {
      await gateway.close();
      await backend.close();
    }
  });

  test('a backend that dies in the middle of a frame cuts the client instead of sending it a broken frame', async () => {
    const upgraded: Duplex[] = [];
    const raw = createServer();
    raw.on('upgrade', (request, socket: Duplex) => {
      upgraded.push(socket);
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `Sec-WebSocket-Accept: ${acceptOf(request.headers['sec-websocket-key'] ?? '')}\r\n\r\n`,
      );
    });
    raw.listen(0, '127.0.0.1');
    await once(raw, 'listening');
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: [testApi(`ws://127.0.0.1:${(raw.address() as AddressInfo).port}`, [...OPEN_TOPIC])],
    });
    try {
      const client = await openClient(`${gateway.url}/test/1.0.0/cut`);
      const messages: unknown[] = [];
      client.on('message', (data) => messages.push(data));
      const seen = closeOf(client);
      const [backendSocket] = upgraded;
      // A whole text frame, then the header and 10 bytes of a 1000-byte binary frame, then the connection dies.
      backendSocket?.write(Buffer.concat([Buffer.from([0x81, 0x02]), Buffer.from('ok')]));
      backendSocket?.write(Buffer.concat([Buffer.from([0x82, 126, 0x03, 0xe8]), Buffer.alloc(10)]));
      setTimeout(() => backendSocket?.destroy(), 50);
      assert.equal((await seen).code, 1006);
      assert.equal(messages.length, 1);
    } finally {
      await gateway.close();
      raw.close();
    }
  });
});

suite('gateway: raw relay backpressure', () => {
  test('a client that stops reading pauses the backend, the gateway queue stays bounded, and all arrives in order', async () => {
    const highWaterMark = 256 * 1024;
    const messageSize = 64 * 1024;
    const messageCount = 512; // 32 MiB: far more than the loopback socket buffers hold
    const listeners = new Set<(event: RelayEvent) => void>();
    const backend = await startTestBackend();
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      highWaterMark,
      apis: [testApi(backend.endpoint, [...OPEN_TOPIC])],
      observer: (event) => listeners.forEach((listener) => listener(event)),
    });
    try {
      const client = new WebSocket(`${gateway.url}/test/1.0.0/download`);
      await withTimeout(once(client, 'open'), 'the client');
      const { socket: server } = await backend.nextConnection();
      client.pause(); // the client stops reading
      const paused = untilEvent<RelayEvent>(
        (listener) => listeners.add(listener),
        (event) => event.type === 'paused',
      );
      for (let index = 0; index < messageCount; index += 1) {
        server.send(Buffer.alloc(messageSize, index % 256));
      }
      assert.deepEqual(await paused, { type: 'paused', side: 'backend' });
      const [relay] = gateway.relays();
      assert.equal(relay?.state().backendPaused, true);

      const order: number[] = [];
      const all = untilEvent<number>(
        (listener) =>
          client.on('message', (data: Buffer) => {
            order.push(data[0] ?? -1);
            listener(order.length);
          }),
        (count) => count === messageCount,
      );
      const resumed = untilEvent<RelayEvent>(
        (listener) => listeners.add(listener),
        (event) => event.type === 'resumed',
      );
      client.resume();
      await all;
      assert.deepEqual(await resumed, { type: 'resumed', side: 'backend' });
      assert.deepEqual(
        order,
        Array.from({ length: messageCount }, (_, index) => index % 256),
      );
      const peak = relay?.state().peakClientBuffered ?? Infinity;
      assert.ok(peak <= highWaterMark + 4 * messageSize, `peak ${peak} bytes queued towards the client`);
      client.close();
    } finally {
      await gateway.close();
      await backend.close();
    }
  });
});
