import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, suite, test } from 'node:test';

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { loadApiProjects, ProjectLoadError } from '../../gateway/src/projectLoader';
import {
  backendReceived,
  nextMessage,
  openClient,
  startTestBackend,
  type TestBackend,
} from '../support/gatewayHarness';
import { CORPUS_DIR, GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode } from '../support/processes';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'asyncapi');
const CHAT_2 = join(FIXTURES, 'chat-2.yaml');
const MARKET_3 = join(FIXTURES, 'market-3.yaml');
const NO_WS_SERVER = join(FIXTURES, 'no-ws-server.yaml');
const NO_WS_SERVER_ERROR =
  'test/fixtures/asyncapi/no-ws-server.yaml: no server with protocol ws or wss, so the gateway has no backend ' +
  'to forward to: add a server with protocol ws or wss, or run with --mock.';

suite('gateway: an AsyncAPI file as a PATH, with its ws server as the backend', () => {
  let backend: TestBackend;
  let gateway: Gateway;
  const folder = mkdtempSync(join(tmpdir(), 'wsapi-asyncapi-path-'));

  before(async () => {
    backend = await startTestBackend();
    // The fixtures' servers say localhost:8080: point them at the test backend.
    const files = [CHAT_2, MARKET_3].map((fixture) => {
      const file = join(folder, fixture.slice(FIXTURES.length + 1));
      writeFileSync(
        file,
        readFileSync(fixture, 'utf8').replace(/localhost:8080/g, `127.0.0.1:${backend.port}`),
      );
      return file;
    });
    const { apis, notes } = loadApiProjects(files, folder);
    assert.deepEqual(notes, []);
    gateway = await startGateway({ host: '127.0.0.1', port: 0, apis });
  });

  after(async () => {
    await gateway.close();
    await backend.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('the route table names the title-slug context, the channels and the server URL + address', () => {
    const backendUrl = backend.endpoint;
    assert.deepEqual(gateway.routes, [
      `${gateway.url}/chat-api/1.0.0/notifications -> ${backendUrl}/chat/notifications`,
      `${gateway.url}/chat-api/1.0.0/rooms/{roomId} -> ${backendUrl}/chat/rooms/{uri.var.roomId}`,
      `${gateway.url}/markets/2.1/prices/{symbol} -> ${backendUrl}/feed/prices/{uri.var.symbol}`,
    ]);
  });

  test('AsyncAPI 2.x: a client at /chat-api/1.0.0/rooms/lobby reaches the server URL + channel address', async () => {
    const client = await openClient(`${gateway.url}/chat-api/1.0.0/rooms/lobby?lang=en`);
    const connection = await backend.nextConnection();
    assert.equal(connection.url, '/chat/rooms/lobby?lang=en');
    client.send('hello');
    assert.deepEqual(await backendReceived(connection, 1), ['hello']);
    connection.socket.send('welcome');
    assert.equal((await nextMessage(client)).data, 'welcome');
    client.close();
  });

  test('AsyncAPI 3.0: x-wso2-basePath gives the context; host + pathname + address the backend URL', async () => {
    const client = await openClient(`${gateway.url}/markets/2.1/prices/AC%20ME`);
    const connection = await backend.nextConnection();
    assert.equal(connection.url, '/feed/prices/AC%20ME');
    connection.socket.send('{"symbol":"AC ME","price":1}');
    assert.equal((await nextMessage(client)).data, '{"symbol":"AC ME","price":1}');
    client.close();
  });
});

suite('gateway: an AsyncAPI file as a PATH, with --mock', () => {
  let gateway: Gateway;

  before(async () => {
    const { apis } = loadApiProjects([MARKET_3, NO_WS_SERVER], REPO_ROOT, { mock: true });
    gateway = await startGateway({ host: '127.0.0.1', port: 0, apis, mock: { intervalMs: 3_600_000 } });
  });

  after(() => gateway.close());

  test('a 3.0 file: the mock sends its message example on the receive channel', async () => {
    const client = await openClient(`${gateway.url}/markets/2.1/prices/ACME`);
    assert.deepEqual(JSON.parse((await nextMessage(client)).data), { symbol: 'ACME', price: 12.5 });
    client.close();
  });

  test('a 2.x file without a ws server is served by the mock', async () => {
    const client = await openClient(`${gateway.url}/sensor-readings/0.1.0/readings`);
    assert.equal((await nextMessage(client)).data, '21.5');
    client.close();
  });
});

suite('gateway: AsyncAPI files that cannot be served', () => {
  test('no ws or wss server and no --mock: the error names the file and the fix', () => {
    assert.throws(
      () => loadApiProjects([NO_WS_SERVER], REPO_ROOT),
      (error: unknown) => error instanceof ProjectLoadError && error.message === NO_WS_SERVER_ERROR,
    );
  });

  test('a folder search finds only api.yaml projects, not the AsyncAPI files in it', () => {
    assert.throws(
      () => loadApiProjects([FIXTURES], REPO_ROOT),
      (error: unknown) =>
        error instanceof ProjectLoadError &&
        /^No API project \(a folder with api\.yaml\) found in .*To serve an AsyncAPI file without api\.yaml, give the file itself\.$/.test(
          error.message,
        ),
    );
  });

  test('a real document from the corpus (the AsyncAPI 3 Gemini example) loads with its wss server', () => {
    const file = join(
      CORPUS_DIR,
      'spec-examples',
      'asyncapi__spec@v3.0.0__examples__websocket-gemini-asyncapi.yml',
    );
    const [served] = loadApiProjects([file], REPO_ROOT).apis;
    assert.deepEqual(
      served && {
        source: served.source,
        context: served.api.context,
        endpoints: served.api.endpoints,
        topics: served.api.topics.map((topic) => [topic.name, topic.uriMapping, topic.authType]),
      },
      {
        source: relative(REPO_ROOT, file),
        context: '/gemini-market-data-websocket-api',
        endpoints: { production: 'wss://api.gemini.com' },
        topics: [['/v1/marketdata/{symbol}', '/v1/marketdata/{uri.var.symbol}', 'None']],
      },
    );
  });
});

suite('gateway CLI: an AsyncAPI file as a PATH', () => {
  test('with --mock it prints the route table and serves the file', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--tls-port',
      'off',
      '--mock',
      NO_WS_SERVER,
    ]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\S+)$/);
      assert.match(
        gateway.stdout(),
        new RegExp(`^${url}/sensor-readings/0\\.1\\.0/readings -> \\(mock\\)$`, 'm'),
      );
      // Without an api.yaml there is no version to follow: the newest.
      assert.match(
        gateway.stdout(),
        /^Sensor Readings 0\.1\.0 answers as WSO2 4\.7 \(the newest: an AsyncAPI file has no api\.yaml\)$/m,
      );
      const client = await openClient(`${url}/sensor-readings/0.1.0/readings`);
      assert.equal((await nextMessage(client)).data, '21.5');
      client.close();
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
  });

  test('without a ws server and without --mock it stops with the message naming the file and the fix', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--tls-port',
      'off',
      NO_WS_SERVER,
    ]);
    assert.equal(await gateway.exited(), 1);
    assert.match(
      gateway.stderr(),
      /no-ws-server\.yaml: no server with protocol ws or wss.*or run with --mock\./,
    );
  });
});
