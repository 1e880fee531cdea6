import assert from 'node:assert/strict';
import { after, before, suite, test } from 'node:test';
import type WebSocket from 'ws';

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import type { RelayEvent } from '../../gateway/src/relay';
import {
  closeOf,
  nextMessage,
  openClient,
  startTestBackend,
  testApi,
  untilEvent,
  type TestBackend,
} from '../support/gatewayHarness';

suite('gateway: connection lifecycle', () => {
  let backend: TestBackend;
  let gateway: Gateway;

  before(async () => {
    backend = await startTestBackend();
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      maxPayload: 1024,
      apis: [testApi(backend.endpoint, [{ authType: 'None', name: '/*' }])],
    });
  });

  after(async () => {
    await gateway.close();
    await backend.close();
  });

  const connect = async (): Promise<{ client: WebSocket; server: WebSocket }> => {
    const client = await openClient(`${gateway.url}/test/1.0.0/feed`);
    const { socket } = await backend.nextConnection();
    return { client, server: socket };
  };

  test('a client close code and reason reach the backend', async () => {
    const { client, server } = await connect();
    const seen = closeOf(server);
    client.close(4100, 'bye from client');
    assert.deepEqual(await seen, { code: 4100, reason: 'bye from client' });
  });

  test('a backend close code and reason reach the client', async () => {
    const { client, server } = await connect();
    const seen = closeOf(client);
    server.close(1008, 'policy says no');
    assert.deepEqual(await seen, { code: 1008, reason: 'policy says no' });
  });

  test('a close without a code arrives without one (1005), as it would directly', async () => {
    const { client, server } = await connect();
    const seen = closeOf(server);
    client.close();
    assert.equal((await seen).code, 1005);
  });

  test('a backend that dies mid-session closes the client with 1011 and a reason', async () => {
    const { client, server } = await connect();
    const seen = closeOf(client);
    server.terminate();
    assert.deepEqual(await seen, { code: 1011, reason: 'Backend connection lost' });
  });

  test('a client that vanishes closes the backend', async () => {
    const { client, server } = await connect();
    const seen = closeOf(server);
    client.terminate();
    assert.deepEqual(await seen, { code: 1001, reason: 'Client connection lost' });
  });

  test('an oversized message closes only its own connection with 1009', async () => {
    const bad = await connect();
    const good = await connect();
    const badClosed = closeOf(bad.client);
    const badBackendClosed = closeOf(bad.server);
    bad.client.send('x'.repeat(2048));
    assert.equal((await badClosed).code, 1009);
    assert.equal((await badBackendClosed).code, 1009);
    const echoed = nextMessage(good.server);
    good.client.send('still here');
    assert.deepEqual(await echoed, { data: 'still here', isBinary: false });
    good.client.close();
  });
});

suite('gateway: backpressure', () => {
  test('a slow backend pauses reading from the client and the gateway buffer stays bounded', async () => {
    const highWaterMark = 256 * 1024;
    const messageSize = 64 * 1024;
    const messageCount = 512; // 32 MiB: far more than the loopback socket buffers hold
    const events: RelayEvent[] = [];
    const listeners = new Set<(event: RelayEvent) => void>();
    const backend = await startTestBackend();
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      highWaterMark,
      apis: [testApi(backend.endpoint, [{ authType: 'None', name: '/*' }])],
      observer: (event) => {
        events.push(event);
        listeners.forEach((listener) => listener(event));
      },
    });
    try {
      const client = await openClient(`${gateway.url}/test/1.0.0/upload`);
      const { socket: slow } = await backend.nextConnection();
      slow.pause(); // the backend stops reading
      const paused = untilEvent<RelayEvent>(
        (l) => listeners.add(l),
        (e) => e.type === 'paused',
      );
      const chunk = Buffer.alloc(messageSize, 7);
      for (let index = 0; index < messageCount; index += 1) {
        client.send(chunk);
      }
      assert.deepEqual(await paused, { type: 'paused', side: 'client' });
      const [relay] = gateway.relays();
      assert.equal(relay?.state().clientPaused, true);

      let received = 0;
      const all = untilEvent<number>(
        (listener) => slow.on('message', (data: Buffer) => listener((received += data.length))),
        (total) => total === messageSize * messageCount,
      );
      slow.resume();
      await all;
      assert.ok(events.some((event) => event.type === 'resumed' && event.side === 'client'));
      const peak = relay?.state().peakBackendBuffered ?? Infinity;
      assert.ok(peak <= highWaterMark + 4 * messageSize, `peak ${peak} bytes queued towards the backend`);
      assert.equal(relay?.state().clientPaused, false);
      client.close();
    } finally {
      await gateway.close();
      await backend.close();
    }
  });
});

suite('gateway: graceful shutdown', () => {
  test('closing the gateway closes clients and backends with 1001', async () => {
    const backend = await startTestBackend();
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: [testApi(backend.endpoint, [{ authType: 'None', name: '/*' }])],
    });
    const first = await openClient(`${gateway.url}/test/1.0.0/a`);
    const second = await openClient(`${gateway.url}/test/1.0.0/b`);
    const backends = [await backend.nextConnection(), await backend.nextConnection()];
    const closes = [first, second, ...backends.map((connection) => connection.socket)].map(closeOf);
    await gateway.close();
    for (const close of await Promise.all(closes)) {
      assert.deepEqual(close, { code: 1001, reason: 'Gateway shutting down' });
    }
    await assert.rejects(fetch(`${gateway.url.replace('ws:', 'http:')}/health`));
    await backend.close();
  });
});
