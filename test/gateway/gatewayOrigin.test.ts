import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { loadApiProjects } from '../../gateway/src/projectLoader';
import { openClient, rejectedHandshake, startTestBackend, type TestBackend } from '../support/gatewayHarness';
import { REPO_ROOT } from '../support/paths';

const SECURED = join(REPO_ROOT, 'test', 'fixtures', 'projects', 'secured');

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
      const client = await openClient(`${gateway.url}/orders/1.0.0/open`, { headers: headers });
      await backend.nextConnection();
      client.close();
    }
  });

  test('without cors: any Origin is accepted', async () => {
    const client = await openClient(`${open.url}/orders/1.0.0/open`, {
      headers: { Origin: 'https://evil.example.com' },
    });
    await backend.nextConnection();
    client.close();
  });
});
