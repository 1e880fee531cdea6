import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, suite, test } from 'node:test';

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import {
  nextMessage,
  openClient,
  rejectedHandshake,
  startTestBackend,
  testApi,
  type TestBackend,
} from '../support/gatewayHarness';

suite('gateway: routing and the backend handshake', () => {
  let backend: TestBackend;
  let gateway: Gateway;

  before(async () => {
    backend = await startTestBackend({ protocols: ['stomp', 'mqtt'] });
    const chats = testApi(
      backend.endpoint,
      [
        { authType: 'None', name: '/notifications', uriMapping: '/notifications' },
        { authType: 'None', name: '/rooms/{roomID}', uriMapping: '/rooms?room={uri.var.roomID}' },
        { authType: 'None', name: '/plain' },
        { authType: 'None', name: '/*', uriMapping: '/fallback' },
      ],
      { name: 'Chats', context: '/chats', isDefaultVersion: true },
    );
    const news = testApi(backend.endpoint, [{ authType: 'None', name: '/headlines', uriMapping: '/news' }], {
      name: 'News',
      context: '/{version}/news',
      version: '2.0.0',
    });
    gateway = await startGateway({ host: '127.0.0.1', port: 0, apis: [chats, news] });
  });

  after(async () => {
    await gateway.close();
    await backend.close();
  });

  const cases: ReadonlyArray<{ path: string; backendUrl: string }> = [
    { path: '/chats/1.0.0/notifications', backendUrl: '/notifications' },
    { path: '/chats/1.0.0/notifications/', backendUrl: '/notifications' },
    { path: '/chats/notifications', backendUrl: '/notifications' },
    { path: '/chats/1.0.0/rooms/general', backendUrl: '/rooms?room=general' },
    { path: '/chats/1.0.0/rooms/caf%C3%A9%20au%20lait', backendUrl: '/rooms?room=caf%C3%A9%20au%20lait' },
    { path: '/chats/1.0.0/plain', backendUrl: '/' },
    { path: '/chats/1.0.0/anything/else', backendUrl: '/fallback' },
    { path: '/chats/1.0.0', backendUrl: '/fallback' },
    { path: '/2.0.0/news/headlines', backendUrl: '/news' },
  ];
  for (const { path, backendUrl } of cases) {
    test(`${path} reaches the backend at ${backendUrl}`, async () => {
      const client = await openClient(`${gateway.url}${path}`);
      const seen = await backend.nextConnection();
      client.close();
      assert.equal(seen.url, backendUrl);
    });
  }

  test('forwards the client query without access_token and apikey; the mapping wins on a clash', async () => {
    const client = await openClient(
      `${gateway.url}/chats/1.0.0/rooms/r1?access_token=SECRET&token=t%201&room=other&apikey=KEY&x`,
    );
    const seen = await backend.nextConnection();
    client.close();
    assert.equal(seen.url, '/rooms?room=r1&token=t%201&x');
  });

  test('never forwards the Authorization header', async () => {
    const client = await openClient(`${gateway.url}/chats/1.0.0/notifications`);
    const seen = await backend.nextConnection();
    client.close();
    assert.equal(seen.headers.authorization, undefined);
  });

  test('offers the client sub-protocols to the backend and answers with its choice', async () => {
    const client = await openClient(`${gateway.url}/chats/1.0.0/notifications`, {
      protocols: ['v9.custom', 'mqtt', 'stomp'],
    });
    const seen = await backend.nextConnection();
    assert.equal(seen.protocol, 'mqtt');
    assert.equal(client.protocol, 'mqtt');
    client.close();
  });

  test('relays text as text and binary as binary, both ways', async () => {
    const client = await openClient(`${gateway.url}/chats/1.0.0/notifications`);
    const seen = await backend.nextConnection();
    const fromBackend = nextMessage(client);
    seen.socket.send('to client');
    assert.deepEqual(await fromBackend, { data: 'to client', isBinary: false });
    const binaryFromBackend = nextMessage(client);
    seen.socket.send(Buffer.from('bytes'), { binary: true });
    assert.deepEqual(await binaryFromBackend, { data: 'bytes', isBinary: true });
    const toBackend = nextMessage(seen.socket);
    client.send(Buffer.from([0xca, 0xfe]));
    assert.equal((await toBackend).isBinary, true);
    const textToBackend = nextMessage(seen.socket);
    client.send('héllo');
    assert.deepEqual(await textToBackend, { data: 'héllo', isBinary: false });
    client.close();
  });

  test('an unknown context gets 404 "No matching API" with the path', async () => {
    assert.deepEqual(await rejectedHandshake(`${gateway.url}/orders/1.0.0/x?apikey=k`), {
      status: 404,
      contentType: 'text/plain; charset=UTF-8',
      body: 'No matching API was found to dispatch the request for path : /orders/1.0.0/x',
    });
  });

  test('an unknown version of a known context gets 404 "No matching API"', async () => {
    const answer = await rejectedHandshake(`${gateway.url}/news/headlines`);
    assert.equal(answer.body, 'No matching API was found to dispatch the request for path : /news/headlines');
  });

  test('a known API without a matching topic gets 404 "No matching resource"', async () => {
    assert.deepEqual(await rejectedHandshake(`${gateway.url}/2.0.0/news/sports`), {
      status: 404,
      contentType: 'text/plain; charset=UTF-8',
      body: 'No matching resource was found to dispatch the request for path : /2.0.0/news/sports',
    });
  });

  test('GET /health answers 200', async () => {
    const health = await fetch(`${gateway.url.replace('ws:', 'http:')}/health`);
    assert.equal(health.status, 200);
  });
});

suite('gateway: unreachable backends', () => {
  test('a refused backend gets 502 naming the backend URL and the cause', async () => {
    const closed = await startTestBackend();
    const endpoint = closed.endpoint;
    await closed.close();
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: [testApi(endpoint, [{ authType: 'None', name: '/*', uriMapping: '/feed' }])],
    });
    try {
      const answer = await rejectedHandshake(`${gateway.url}/test/1.0.0/x?access_token=SECRET&q=1`);
      assert.equal(answer.status, 502);
      assert.equal(answer.contentType, 'text/plain; charset=UTF-8');
      assert.equal(
        answer.body,
        `Cannot connect to the backend ${endpoint}/feed?q=1: connection refused (is the backend running?)`,
      );
    } finally {
      await gateway.close();
    }
  });

  test('a backend that never answers the handshake gets 502 after the connect timeout', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      connectTimeoutMs: 200,
      apis: [testApi(`ws://127.0.0.1:${port}`, [{ authType: 'None', name: '/*' }])],
    });
    try {
      const answer = await rejectedHandshake(`${gateway.url}/test/1.0.0/`);
      assert.equal(answer.status, 502);
      assert.equal(
        answer.body,
        `Cannot connect to the backend ws://127.0.0.1:${port}: no answer within 200 ms`,
      );
    } finally {
      await gateway.close();
      sockets.forEach((socket) => socket.destroy());
      silent.close();
    }
  });

  test('a backend that answers HTTP instead of upgrading gets 502 with its status', async () => {
    const backend = await startTestBackend();
    backend.server.options.verifyClient = (_info: unknown, done: (ok: boolean, code: number) => void) =>
      done(false, 403);
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: [testApi(backend.endpoint, [{ authType: 'None', name: '/*' }])],
    });
    try {
      const answer = await rejectedHandshake(`${gateway.url}/test/1.0.0/a`);
      assert.equal(answer.status, 502);
      assert.match(answer.body, /answered HTTP 403 instead of switching protocols$/);
    } finally {
      await gateway.close();
      await backend.close();
    }
  });
});
