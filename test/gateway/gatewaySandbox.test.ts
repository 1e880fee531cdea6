import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';
import type * as JoseModule from 'jose' with { 'resolution-mode': 'import' };

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { loadApiProjects } from '../../gateway/src/projectLoader';
import type { ServedApi } from '../../gateway/src/routing';
import { openClient, rejectedHandshake, startTestBackend, type TestBackend } from '../support/gatewayHarness';
import { REPO_ROOT } from '../support/paths';

type Jose = typeof JoseModule;

const SECURED = join(REPO_ROOT, 'test', 'fixtures', 'projects', 'secured');
const SECRET = 'a-sandbox-test-secret-of-32-bytes!!';

suite('gateway: production and sandbox endpoints by the token key type', () => {
  let jose: Jose;
  let production: TestBackend;
  let sandbox: TestBackend;
  let gateway: Gateway;
  let productionOnly: Gateway;

  before(async () => {
    jose = await import('jose');
    production = await startTestBackend();
    sandbox = await startTestBackend();
    const withEndpoints = (endpoints: ServedApi['api']['endpoints']): ServedApi[] =>
      loadApiProjects([SECURED]).apis.map((served) => ({ ...served, api: { ...served.api, endpoints } }));
    const credentials = {
      apiKeys: [],
      oauth2Tokens: [
        { token: 'prod-token', scopes: [] },
        { token: 'sandbox-token', scopes: [], type: 'sandbox' as const },
      ],
      jwt: { secret: SECRET },
    };
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: withEndpoints({ production: production.endpoint, sandbox: sandbox.endpoint }),
      credentials,
    });
    productionOnly = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: withEndpoints({ production: production.endpoint }),
      credentials,
    });
  });

  after(async () => {
    await gateway.close();
    await productionOnly.close();
    await production.close();
    await sandbox.close();
  });

  test('a production token reaches the production endpoint, a sandbox token the sandbox one', async () => {
    const prod = await openClient(`${gateway.url}/orders/1.0.0/anything`, {
      headers: { Authorization: `Bearer prod-token` },
    });
    assert.equal((await production.nextConnection()).url, '/');
    prod.close();
    const box = await openClient(`${gateway.url}/orders/1.0.0/anything`, {
      headers: { Authorization: `Bearer sandbox-token` },
    });
    assert.equal((await sandbox.nextConnection()).url, '/');
    box.close();
  });

  test("a JWT with WSO2's keytype SANDBOX claim reaches the sandbox endpoint", async () => {
    const token = await new jose.SignJWT({ keytype: 'SANDBOX' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    const client = await openClient(`${gateway.url}/orders/1.0.0/anything`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    await sandbox.nextConnection();
    client.close();
  });

  test('a sandbox token on an API without a sandbox endpoint: 401 Invalid Credentials', async () => {
    const before = production.connections.length;
    assert.deepEqual(
      await rejectedHandshake(`${productionOnly.url}/orders/1.0.0/anything`, {
        Authorization: 'Bearer sandbox-token',
      }),
      { status: 401, contentType: 'text/plain; charset=UTF-8', body: 'Invalid Credentials' },
    );
    assert.equal(production.connections.length, before);
  });
});
