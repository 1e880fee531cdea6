import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';

import type { FramePipeline } from '../../gateway/src/framePipeline';
import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { Relay } from '../../gateway/src/relay';
import {
  backendReceived,
  closeOf,
  nextMessage,
  openClient,
  startTestBackend,
  testApi,
  withTimeout,
  type TestBackend,
} from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode } from '../support/processes';

const THROTTLED = 'Error code: 4003 reason: Websocket frame throttled out';

/** Resolves once the socket got a pong back: the connection is alive. */
function pong(socket: WebSocket): Promise<void> {
  return withTimeout(
    new Promise((resolve) => {
      socket.once('pong', () => resolve());
      socket.ping();
    }),
    'a pong',
  );
}

suite('gateway: throttling', () => {
  let backend: TestBackend;
  let gateway: Gateway;

  before(async () => {
    backend = await startTestBackend();
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: [
        testApi(backend.endpoint, [
          { name: '/limited', authType: 'None' },
          { name: '/free', authType: 'None' },
        ]),
      ],
      throttling: [{ api: '/test/1.0.0', topic: '/limited', frames: 3, per: 'day' }],
    });
  });

  after(async () => {
    await gateway.close();
    await backend.close();
  });

  test('over quota a frame is dropped, the client gets the 4003 text and stays connected', async () => {
    const client = await openClient(`${gateway.url}/test/1.0.0/limited`);
    const server = await backend.nextConnection();
    client.send('one');
    client.send('two');
    assert.deepEqual(await backendReceived(server, 2), ['one', 'two']);
    // A backend frame counts against the same quota: the third frame.
    server.socket.send('from the backend');
    assert.equal((await nextMessage(client)).data, 'from the backend');
    client.send('four');
    assert.deepEqual(await nextMessage(client), { data: THROTTLED, isBinary: false });
    // Backend frames over quota are dropped too; the client hears why instead.
    server.socket.send('five');
    assert.deepEqual(await nextMessage(client), { data: THROTTLED, isBinary: false });
    await pong(client);
    assert.equal(client.readyState, WebSocket.OPEN);
    // The gateway decided before answering 4003: the dropped frames never went to the backend.
    assert.deepEqual(
      server.messages.map((message) => message.data),
      ['one', 'two'],
    );
    client.close();
  });

  test('the quota is per topic: another topic of the API is not throttled', async () => {
    const client = await openClient(`${gateway.url}/test/1.0.0/free`);
    const server = await backend.nextConnection();
    for (const text of ['a', 'b', 'c', 'd', 'e']) {
      client.send(text);
    }
    assert.deepEqual(await backendReceived(server, 5), ['a', 'b', 'c', 'd', 'e']);
    client.close();
  });

  test('the quota is shared by every connection to the topic', async () => {
    const client = await openClient(`${gateway.url}/test/1.0.0/limited`);
    await backend.nextConnection();
    client.send('six');
    assert.deepEqual(await nextMessage(client), { data: THROTTLED, isBinary: false });
    client.close();
  });
});

suite('gateway CLI: throttling from --config', () => {
  const folder = mkdtempSync(join(tmpdir(), 'wsapi-throttling-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('the rules are read, an unused one is reported, and the quota holds', async () => {
    const config = join(folder, 'gateway.yaml');
    writeFileSync(
      config,
      [
        'throttling:',
        '  - api: /chats/1.0.0',
        '    topic: /rooms/{roomID}',
        '    frames: 1',
        '    per: hour',
        '  - { api: /news/1.0.0, frames: 5, per: second }',
        '',
      ].join('\n'),
    );
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--mock',
      '--mock-interval',
      '3600000',
      '--config',
      config,
      join(REPO_ROOT, 'examples', 'chat-api'),
    ]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\S+)$/);
      assert.match(gateway.stderr(), /gateway\.yaml: 0 API keys, 0 OAuth2 tokens, 2 throttling rules\./);
      assert.match(gateway.stderr(), /throttling: no served API is at \/news\/1\.0\.0: write the API's/);
      // The mock sends one example at once (the one frame of the hour); the echo of 'hello' is over quota.
      const client = await openClient(`${url}/chats/1.0.0/rooms/lobby`);
      assert.equal((await nextMessage(client)).data, '{"from":"alice","text":"Hi everyone!"}');
      client.send('hello');
      assert.equal((await nextMessage(client)).data, THROTTLED);
      await pong(client);
      client.close();
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
  });

  test('a bad rule stops the gateway with the key and the fix', async () => {
    const config = join(folder, 'bad.yaml');
    writeFileSync(config, 'throttling:\n  - { api: /chats/1.0.0, frames: lots, per: fortnight }\n');
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--port', '0', '--config', config]);
    assert.equal(await gateway.exited(), 1);
    assert.match(gateway.stderr(), /bad\.yaml: throttling\[0\]\.frames: must be a whole number of frames/);
    assert.match(
      gateway.stderr(),
      /bad\.yaml: throttling\[0\]\.per: must be one of second, minute, hour, day\./,
    );
  });
});

suite('relay: a pipeline may close the connection', () => {
  test("a 'close' verdict closes the client with its code and reason, and the backend after it", async () => {
    const backend = await startTestBackend();
    const front = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => front.once('listening', resolve));
    // Mid-session auth failures are closes in WSO2 (docs/wso2.md 3.3): 4001 and '<message> Connection closed!'.
    const pipeline: FramePipeline = {
      frame: (_from, data) =>
        data.toString() === 'expired'
          ? { action: 'close', code: 4001, reason: 'Invalid Credentials Connection closed!' }
          : { action: 'pass' },
      closed: () => undefined,
    };
    front.on('connection', (client) => {
      const upstream = new WebSocket(backend.endpoint);
      upstream.once('open', () => new Relay(client, upstream, { highWaterMark: 1024 * 1024, pipeline }));
    });
    try {
      const { port } = front.address() as AddressInfo;
      const client = await openClient(`ws://127.0.0.1:${port}`);
      const server = await backend.nextConnection();
      const clientClosed = closeOf(client);
      const serverClosed = closeOf(server.socket);
      client.send('fine');
      assert.deepEqual(await backendReceived(server, 1), ['fine']);
      client.send('expired');
      assert.deepEqual(await clientClosed, { code: 4001, reason: 'Invalid Credentials Connection closed!' });
      assert.equal((await serverClosed).code, 4001);
      assert.deepEqual(
        server.messages.map((message) => message.data),
        ['fine'],
      );
    } finally {
      front.clients.forEach((client) => client.terminate());
      await new Promise((resolve) => front.close(resolve));
      await backend.close();
    }
  });
});
