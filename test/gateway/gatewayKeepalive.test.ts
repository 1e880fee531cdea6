import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';
import WebSocket from 'ws';

import { readGatewayConfig } from '../../gateway/src/gatewayConfig';
import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { PING_TIMEOUT } from '../../gateway/src/limits';
import { RawRelay } from '../../gateway/src/rawRelay';
import { Relay } from '../../gateway/src/relay';
import {
  backendReceived,
  closeOf,
  openClient,
  startTestBackend,
  testApi,
  withTimeout,
  type TestBackend,
} from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode } from '../support/processes';

const INTERVAL_MS = 50;

/** Resolves once `socket` has received `count` pings from the gateway. */
function pings(socket: WebSocket, count: number): Promise<void> {
  let seen = 0;
  return withTimeout(
    new Promise((resolve) =>
      socket.on('ping', () => {
        seen += 1;
        if (seen === count) {
          resolve();
        }
      }),
    ),
    `${count} pings`,
  );
}

/**
 * A client that does the upgrade handshake by hand and then only reads: it never answers a ping. Resolves
 * with the socket and everything it reads from then on (the frames after the 101 answer), until it ends.
 */
async function silentClient(url: string): Promise<{ socket: Socket; frames: Promise<Buffer> }> {
  const { hostname, port, pathname } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.write(
    `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  let received = Buffer.alloc(0);
  const upgraded = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) {
        return;
      }
      const head = received.subarray(0, end).toString('latin1');
      if (!head.startsWith('HTTP/1.1 101')) {
        reject(new Error(`no upgrade: ${head}`));
      }
      received = received.subarray(end + 4);
      resolve();
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
  await withTimeout(upgraded, 'the 101 answer');
  const frames = new Promise<Buffer>((resolve) => {
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
    socket.once('close', () => resolve(received));
  });
  return { socket, frames: withTimeout(frames, 'the gateway to cut the silent client') };
}

/** The close code and reason of the first close frame in a stream of unmasked frames from the server. */
function firstClose(bytes: Buffer): { pings: number; code?: number; reason?: string } {
  let offset = 0;
  let count = 0;
  while (offset + 2 <= bytes.length) {
    const opcode = (bytes[offset] ?? 0) & 0x0f;
    const length = (bytes[offset + 1] ?? 0) & 0x7f; // the gateway's own frames are short
    const payload = bytes.subarray(offset + 2, offset + 2 + length);
    if (opcode === 0x9) {
      count += 1;
    } else if (opcode === 0x8) {
      return { pings: count, code: payload.readUInt16BE(0), reason: payload.subarray(2).toString() };
    }
    offset += 2 + length;
  }
  return { pings: count };
}

suite('gateway: ping keepalive (limits.pingIntervalMs)', () => {
  let backend: TestBackend;
  let gateway: Gateway;

  before(async () => {
    backend = await startTestBackend();
    const reading = readGatewayConfig(`limits:\n  pingIntervalMs: ${INTERVAL_MS}\n`, 'gw.yaml');
    assert.equal(reading.kind, 'ok');
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      ...(reading.kind === 'ok' && reading.config.limits),
      apis: [
        testApi(backend.endpoint, [
          { authType: 'None', name: '/*' },
          { authType: 'None', name: '/limited' },
        ]),
      ],
      // A throttled topic has its frames parsed: it is relayed frame by frame, the others raw.
      throttling: [{ api: '/test/1.0.0', topic: '/limited', frames: 100_000, per: 'minute' }],
    });
  });

  after(async () => {
    await gateway.close();
    await backend.close();
  });

  for (const [topic, relayKind] of [
    ['feed', RawRelay],
    ['limited', Relay],
  ] as const) {
    test(`a client that answers pings stays connected (${relayKind.name} path)`, async () => {
      const client = await openClient(`${gateway.url}/test/1.0.0/${topic}`);
      const connection = await backend.nextConnection();
      assert.ok(gateway.relays().some((relay) => relay instanceof relayKind));
      await pings(client, 5);
      assert.equal(client.readyState, WebSocket.OPEN);
      client.send('still here');
      assert.deepEqual(await backendReceived(connection, 1), ['still here']);
      const closed = closeOf(client);
      client.close(1000, 'done');
      assert.equal((await closed).code, 1000);
    });
  }

  test('raw path: pings go in between the frames of a stream to the client, which arrives intact', async () => {
    const client = await openClient(`${gateway.url}/test/1.0.0/stream`);
    const { socket: server } = await backend.nextConnection();
    // Each message spans many TCP chunks: the gateway must find the frame boundaries to put its pings at.
    const message = (index: number): Buffer => Buffer.alloc(256 * 1024, index % 256);
    const pinged = pings(client, 3);
    let streaming = true;
    void pinged.finally(() => (streaming = false));
    let sent = 0;
    let received = 0;
    const changed: number[] = [];
    const sendMore = (): void => {
      // A few messages in flight: the backend streams without pause, the client keeps up.
      while (streaming && sent - received < 4) {
        server.send(message(sent));
        sent += 1;
      }
    };
    const ended = new Promise<void>((resolve) =>
      client.on('message', (data: Buffer, isBinary) => {
        if (!isBinary) {
          resolve();
          return;
        }
        if (!data.equals(message(received))) {
          changed.push(received);
        }
        received += 1;
        if (streaming) {
          sendMore();
        } else if (received === sent) {
          server.send('end');
        }
      }),
    );
    sendMore();
    await pinged;
    await withTimeout(ended, 'the end of the stream');
    assert.deepEqual({ received, changed }, { received: sent, changed: [] });
    assert.equal(client.readyState, WebSocket.OPEN);
    client.close();
  });

  test('raw path: a client that never answers is pinged, then cut, and its backend gets 1001', async () => {
    const { frames } = await silentClient(`${gateway.url}/test/1.0.0/feed`);
    const connection = await backend.nextConnection();
    const backendClosed = closeOf(connection.socket);
    assert.deepEqual(await backendClosed, PING_TIMEOUT);
    const seen = firstClose(await frames);
    assert.ok(seen.pings >= 1, 'the client was pinged before it was cut');
    assert.deepEqual({ code: seen.code, reason: seen.reason }, PING_TIMEOUT);
  });

  test('frame path: a ws client that does not answer pings (autoPong off) is closed, and its backend', async () => {
    const client = new WebSocket(`${gateway.url}/test/1.0.0/limited`, { autoPong: false });
    const clientClosed = closeOf(client);
    let pinged = 0;
    client.on('ping', () => (pinged += 1));
    const connection = await backend.nextConnection();
    assert.deepEqual(await closeOf(connection.socket), PING_TIMEOUT);
    assert.deepEqual(await clientClosed, PING_TIMEOUT);
    assert.ok(pinged >= 1);
  });
});

suite('gateway CLI: limits.pingIntervalMs from --config', () => {
  test('a client of the mock backend is pinged at the configured interval and stays connected', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wsapi-keepalive-'));
    const config = join(folder, 'gateway.yaml');
    writeFileSync(config, `limits:\n  pingIntervalMs: ${INTERVAL_MS}\n`);
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--tls-port',
      'off',
      '--mock',
      '--config',
      config,
      join(REPO_ROOT, 'examples', 'chat-api'),
    ]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\S+)$/);
      const client = await openClient(`${url}/chats/1.0.0/notifications`);
      await pings(client, 3);
      assert.equal(client.readyState, WebSocket.OPEN);
      client.close();
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
