import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';
import WebSocket from 'ws';

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { loadApiProjects } from '../../gateway/src/projectLoader';
import { loadTlsCredentials, type TlsCredentials } from '../../gateway/src/tls';
import {
  startTestBackend,
  withTimeout,
  type BackendConnection,
  type TestBackend,
} from '../support/gatewayHarness';
import { REPO_ROOT } from '../support/paths';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const SECURED = join(REPO_ROOT, 'test', 'fixtures', 'projects', 'secured');

const CLIENT_HEADERS = {
  Origin: 'https://app.example.com',
  'User-Agent': 'wsapi-test',
  'Accept-Language': 'fr',
  'X-Request-Id': 'r-1',
  Cookie: 'session=secret-cookie',
  Authorization: 'Bearer open-topic-token',
  ApiKey: 'open-topic-key',
  'X-Forwarded-For': '10.0.0.7',
};

suite('gateway: headers forwarded to the backend', () => {
  let folder: string;
  let backend: TestBackend;
  let byDefault: Gateway;
  let listed: Gateway;
  let framed: Gateway;
  let tls: TlsCredentials;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'wsapi-gateway-headers-'));
    tls = await loadTlsCredentials(undefined, folder);
    backend = await startTestBackend();
    const apis = loadApiProjects([SECURED]).apis.map((served) => ({
      ...served,
      api: { ...served.api, endpoints: { production: backend.endpoint } },
    }));
    byDefault = await startGateway({ host: '127.0.0.1', port: 0, apis, tls: { port: 0, credentials: tls } });
    listed = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis,
      headersAllow: ['X-Request-Id', 'cookie'],
    });
    // A quota makes the gateway read frames: the backend is opened by the frame relay, not the raw one.
    const throttling = [{ api: '/orders/1.0.0', frames: 1000, per: 'minute' as const }];
    framed = await startGateway({ host: '127.0.0.1', port: 0, apis, throttling });
  });

  after(async () => {
    await byDefault.close();
    await listed.close();
    await framed.close();
    await backend.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Opens a client with the test headers on an open topic and returns what the backend got. */
  async function through(url: string, options: WebSocket.ClientOptions = {}): Promise<BackendConnection> {
    const client = new WebSocket(`${url}/orders/1.0.0/open`, { ...options, headers: CLIENT_HEADERS });
    await withTimeout(
      new Promise((resolve, reject) => {
        client.once('open', resolve);
        client.once('error', reject);
      }),
      'opening',
    );
    const seen = await backend.nextConnection();
    client.close();
    return seen;
  }

  test('by default: Origin, User-Agent, Accept-Language and X-Forwarded-*; never credentials', async () => {
    const { headers } = await through(byDefault.url);
    assert.equal(headers.origin, 'https://app.example.com');
    assert.equal(headers['user-agent'], 'wsapi-test');
    assert.equal(headers['accept-language'], 'fr');
    assert.equal(headers['x-forwarded-for'], '10.0.0.7, 127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'ws');
    assert.equal(headers['x-forwarded-host'], `127.0.0.1:${byDefault.port}`);
    assert.equal(headers['x-request-id'], undefined);
    assert.equal(headers.cookie, undefined);
    assert.equal(headers.authorization, undefined);
    assert.equal(headers.apikey, undefined);
  });

  test('over wss: X-Forwarded-Proto is wss', async () => {
    const { headers } = await through(byDefault.tlsUrl ?? '', { ca: tls.cert });
    assert.equal(headers['x-forwarded-proto'], 'wss');
    assert.equal(headers['x-forwarded-host'], `127.0.0.1:${byDefault.tlsPort ?? 0}`);
  });

  test('headers.allow replaces the default list', async () => {
    const { headers } = await through(listed.url);
    assert.equal(headers['x-request-id'], 'r-1');
    assert.equal(headers.cookie, 'session=secret-cookie');
    assert.equal(headers['user-agent'], undefined);
    assert.equal(headers.origin, undefined);
    assert.equal(headers.authorization, undefined);
    assert.equal(headers['x-forwarded-proto'], 'ws');
  });

  test('the frame relay forwards the same headers', async () => {
    const { headers } = await through(framed.url);
    assert.equal(headers.origin, 'https://app.example.com');
    assert.equal(headers['x-forwarded-proto'], 'ws');
    assert.equal(headers.authorization, undefined);
  });
});
