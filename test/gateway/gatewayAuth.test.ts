import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';

import type { GatewayCredentials } from '../../gateway/src/gatewayConfig';
import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { loadApiProjects } from '../../gateway/src/projectLoader';
import type { ServedApi } from '../../gateway/src/routing';
import {
  type BackendConnection,
  nextMessage,
  openClient,
  rejectedHandshake,
  startTestBackend,
  type TestBackend,
} from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode, type RunningProcess } from '../support/processes';

const PROJECTS = join(REPO_ROOT, 'test', 'fixtures', 'projects');
const SECURED = join(PROJECTS, 'secured');
const API_KEY_ONLY = join(PROJECTS, 'apikey-only');

const CREDENTIALS: GatewayCredentials = {
  apiKeys: ['dev-key'],
  oauth2Tokens: [
    { token: 'plain-token', scopes: [] },
    { token: 'creator-token', scopes: ['creator'] },
  ],
};

const NO_CREDENTIALS_TEXT =
  'No Authorization header, access_token query parameter, apikey header or query parameter present';

/** The API projects, served from the test backend instead of their endpoints. */
function servedFrom(endpoint: string, paths: readonly string[]): ServedApi[] {
  return loadApiProjects(paths).apis.map((served) => ({
    ...served,
    api: { ...served.api, endpoints: { production: endpoint } },
  }));
}

const unauthorized = (body: string): { status: number; contentType: string; body: string } => ({
  status: 401,
  contentType: 'text/plain; charset=UTF-8',
  body,
});

suite('gateway: handshake authentication', () => {
  let backend: TestBackend;
  let gateway: Gateway;

  before(async () => {
    backend = await startTestBackend();
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: servedFrom(backend.endpoint, [SECURED, API_KEY_ONLY]),
      credentials: CREDENTIALS,
    });
  });

  after(async () => {
    await gateway.close();
    await backend.close();
  });

  /** Opens a client, takes the backend connection it made and closes the client. */
  async function accepted(path: string, headers: Record<string, string> = {}): Promise<BackendConnection> {
    const client = await openClient(`${gateway.url}${path}`, { headers: headers });
    const seen = await backend.nextConnection();
    client.close();
    return seen;
  }

  test('no credentials: 401 with the WSO2 text, and the backend is never contacted', async () => {
    const before = backend.connections.length;
    assert.deepEqual(
      await rejectedHandshake(`${gateway.url}/orders/1.0.0/anything`),
      unauthorized(NO_CREDENTIALS_TEXT),
    );
    assert.equal(backend.connections.length, before);
  });

  test('an open topic (auth type None) needs nothing', async () => {
    assert.equal((await accepted('/orders/1.0.0/open')).url, '/open');
  });

  test('a bearer token in the Authorization header is accepted and not forwarded', async () => {
    const seen = await accepted('/orders/1.0.0/anything', { Authorization: 'Bearer plain-token' });
    assert.equal(seen.url, '/');
    assert.equal(seen.headers.authorization, undefined);
    assert.doesNotMatch(JSON.stringify(seen.headers), /plain-token/);
  });

  test('an access_token query parameter is accepted and not forwarded', async () => {
    const seen = await accepted('/orders/1.0.0/orders?access_token=creator-token&page=2');
    assert.equal(seen.url, '/orders?page=2');
  });

  test('an apikey header in mixed case is accepted and not forwarded', async () => {
    const seen = await accepted('/orders/1.0.0/anything', { ApiKey: 'dev-key' });
    assert.equal(seen.headers.apikey, undefined);
    assert.doesNotMatch(JSON.stringify(seen.headers), /dev-key/);
  });

  test('an apikey query parameter is accepted and not forwarded', async () => {
    const seen = await accepted('/keys/1.0.0/feed?apikey=dev-key');
    assert.equal(seen.url, '/');
  });

  test('an unknown token or key: 401 Invalid Credentials', async () => {
    assert.deepEqual(
      await rejectedHandshake(`${gateway.url}/orders/1.0.0/anything`, { Authorization: 'Bearer nope' }),
      unauthorized('Invalid Credentials'),
    );
    assert.deepEqual(
      await rejectedHandshake(`${gateway.url}/orders/1.0.0/anything?apikey=nope`),
      unauthorized('Invalid Credentials'),
    );
  });

  test('an OAuth token on an api_key-only API: 401 Invalid Credentials', async () => {
    assert.deepEqual(
      await rejectedHandshake(`${gateway.url}/keys/1.0.0/feed`, { Authorization: 'Bearer plain-token' }),
      unauthorized('Invalid Credentials'),
    );
    assert.deepEqual(
      await rejectedHandshake(`${gateway.url}/keys/1.0.0/feed?access_token=plain-token`),
      unauthorized('Invalid Credentials'),
    );
  });

  test('a token without the topic scope: 401 Invalid Credentials; with it: accepted', async () => {
    assert.deepEqual(
      await rejectedHandshake(`${gateway.url}/orders/1.0.0/orders`, { Authorization: 'Bearer plain-token' }),
      unauthorized('Invalid Credentials'),
    );
    assert.deepEqual(
      await rejectedHandshake(`${gateway.url}/orders/1.0.0/popular?access_token=creator-token`),
      unauthorized('Invalid Credentials'),
      'the scopes of /popular come from api.yaml: reader',
    );
    const seen = await accepted('/orders/1.0.0/orders', { Authorization: 'Bearer creator-token' });
    assert.equal(seen.url, '/orders');
  });

  test('a gateway without credentials answers 401 on secured topics, and opens open ones', async () => {
    const bare = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: servedFrom(backend.endpoint, [SECURED]),
    });
    try {
      assert.deepEqual(
        await rejectedHandshake(`${bare.url}/orders/1.0.0/anything`, { Authorization: 'Bearer plain-token' }),
        unauthorized('Invalid Credentials'),
      );
      const client = await openClient(`${bare.url}/orders/1.0.0/open`);
      await backend.nextConnection();
      client.close();
    } finally {
      await bare.close();
    }
  });
});

suite('gateway CLI: --config', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'wsapi-gateway-config-'));
  });

  after(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  async function stop(gateway: RunningProcess): Promise<void> {
    gateway.child.kill('SIGTERM');
    await gateway.exited();
  }

  test('accepts the configured token and API key, and never prints them', async () => {
    const config = join(folder, 'gateway.yaml');
    writeFileSync(
      config,
      'auth:\n  apiKeys: [cli-key]\n  oauth2:\n    tokens:\n      - token: cli-token\n        scopes: [creator]\n',
    );
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--mock',
      '--mock-interval',
      '3600000',
      '--config',
      config,
      SECURED,
    ]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\/\/127\.0\.0\.1:\d+)$/);
      const client = await openClient(`${url ?? ''}/orders/1.0.0/orders`, {
        headers: {
          Authorization: 'Bearer cli-token',
        },
      });
      client.send('hello');
      assert.equal((await nextMessage(client)).data, 'hello');
      client.close();
      const keyed = await openClient(`${url ?? ''}/orders/1.0.0/anything?apikey=cli-key`);
      keyed.close();
      assert.deepEqual(
        await rejectedHandshake(`${url ?? ''}/orders/1.0.0/anything`),
        unauthorized(NO_CREDENTIALS_TEXT),
      );
      assert.match(gateway.stderr(), /gateway\.yaml: 1 API key, 1 OAuth2 token\./);
      assert.doesNotMatch(gateway.stdout() + gateway.stderr(), /cli-token|cli-key/);
    } finally {
      await stop(gateway);
    }
  });

  test('without --config, secured topics answer 401 and it says so', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--port', '0', '--mock', SECURED]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\S+)$/);
      assert.deepEqual(
        await rejectedHandshake(`${url ?? ''}/orders/1.0.0/anything?access_token=whatever`),
        unauthorized('Invalid Credentials'),
      );
      assert.match(gateway.stderr(), /no --config: topics that ask for credentials .* answer 401/);
    } finally {
      await stop(gateway);
    }
  });

  test('a bad config file exits 1 naming the file, the key and the fix, not the secret', async () => {
    const config = join(folder, 'bad.yaml');
    writeFileSync(config, 'auth:\n  apiKeys: top-secret\n');
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--port', '0', '--config', config, SECURED]);
    assert.equal(await gateway.exited(), 1);
    assert.match(
      gateway.stderr(),
      /cannot start:\n.*bad\.yaml: auth\.apiKeys: must be a list of API keys, e\.g\. \[my-dev-key\]\./,
    );
    assert.doesNotMatch(gateway.stderr(), /top-secret/);
  });

  test('a missing config file exits 1 naming it', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--config',
      join(folder, 'nowhere.yaml'),
      SECURED,
    ]);
    assert.equal(await gateway.exited(), 1);
    assert.match(gateway.stderr(), /nowhere\.yaml: no such file: check the --config path\./);
  });
});
