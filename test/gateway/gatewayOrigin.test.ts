import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';
import WebSocket from 'ws';

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { loadApiProjects } from '../../gateway/src/projectLoader';
import {
  rejectedHandshake,
  startTestBackend,
  withTimeout,
  type TestBackend,
} from '../support/gatewayHarness';
import { REPO_ROOT } from '../support/paths';

const SECURED = join(REPO_ROOT, 'test', 'fixtures', 'projects', 'secured');

function openWith(url: string, headers: Record<string, string>): Promise<WebSocket> {
  const socket = new WebSocket(url, { headers });
  return withTimeout(
    new Promise((resolve, reject) => {
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    }),
    `opening ${url}`,
  );
}

suite('gateway: Origin check (config cors.allowOrigins)', () => {
  let backend: TestBackend;
  let gateway: Gateway;
  let open: Gateway;

  before(async () => {
    backend = await startTestBackend();
    const apis = loadApiProjects([SECURED]).apis.map((served) => ({
      ...served,
      api: { ...served.api, endpoints: { production: backend.endpoint } },
    }));
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis,
      cors: { allowOrigins: ['https://app.example.com', 'http://localhost:3000'] },
    });
    open = await startGateway({ host: '127.0.0.1', port: 0, apis });
  });

  after(async () => {
    await gateway.close();
    await open.close();
    await backend.close();
  });

  test('an Origin not listed: 403 with an empty body, before routing, auth or the backend', async () => {
    const before = backend.connections.length;
    assert.deepEqual(
      await rejectedHandshake(`${gateway.url}/orders/1.0.0/open`, { Origin: 'https://evil.example.com' }),
      { status: 403, contentType: 'text/plain; charset=UTF-8', body: '' },
    );
    assert.equal(
      (await rejectedHandshake(`${gateway.url}/nowhere`, { Origin: 'https://evil.example.com' })).status,
      403,
    );
    assert.equal(backend.connections.length, before);
  });

  test('a listed Origin (any case, trailing slash) and no Origin at all are accepted', async () => {
    const handshakes: Array<Record<string, string>> = [
      { Origin: 'HTTPS://App.Example.com/' },
      { Origin: 'http://localhost:3000' },
      {},
    ];
    for (const headers of handshakes) {
      const client = await openWith(`${gateway.url}/orders/1.0.0/open`, headers);
      await backend.nextConnection();
      client.close();
    }
  });

  test('without cors: any Origin is accepted', async () => {
    const client = await openWith(`${open.url}/orders/1.0.0/open`, { Origin: 'https://evil.example.com' });
    await backend.nextConnection();
    client.close();
  });
});
