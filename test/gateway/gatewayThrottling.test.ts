import assert from 'node:assert/strict';
import { after, before, suite, test } from 'node:test';
import WebSocket from 'ws';

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import {
  backendReceived,
  nextMessage,
  openClient,
  startTestBackend,
  testApi,
  withTimeout,
  type TestBackend,
} from '../support/gatewayHarness';

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
