import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';

import { type Wso2Version } from '../../core/src/wso2/wso2Versions';
import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import type { ServedApi } from '../../gateway/src/routing';
import {
  openClient,
  rejectedHandshake,
  startTestBackend,
  testApi,
  type TestBackend,
} from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode } from '../support/processes';

const CREDENTIALS = { apiKeys: ['key-1'], oauth2Tokens: [{ token: 'token-1', scopes: [] }] };

/** One API per version, each on a context of its own (`/v4-2`), with an open topic and a secured one. */
function versionedApi(endpoint: string, version: Wso2Version): ServedApi {
  const served = testApi(
    endpoint,
    [
      { name: '/open', authType: 'None', uriMapping: '/open' },
      { name: '/secured', authType: 'Any', uriMapping: '/secured' },
    ],
    {
      name: `V${version}`,
      context: `/v${version.replace('.', '-')}`,
      securityScheme: ['oauth2', 'api_key'],
    },
  );
  return { ...served, follows: { version, because: 'test' } };
}

function unauthorized(body: string): { status: number; contentType: string; body: string } {
  return { status: 401, contentType: 'text/plain; charset=UTF-8', body };
}

suite('gateway: each API answers as the WSO2 version it follows', () => {
  let backend: TestBackend;
  let gateway: Gateway;
  const versions: readonly Wso2Version[] = ['4.1', '4.2', '4.3', '4.4', '4.6', '4.7'];

  before(async () => {
    backend = await startTestBackend();
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: versions.map((version) => versionedApi(backend.endpoint, version)),
      credentials: CREDENTIALS,
    });
  });

  after(async () => {
    await gateway.close();
    await backend.close();
  });

  const base = (version: string): string => `${gateway.url}/v${version.replace('.', '-')}/1.0.0`;

  test('x-auth-type None asks for credentials up to 4.6 (with that version text) and opens in 4.7', async () => {
    assert.deepEqual(
      await rejectedHandshake(`${base('4.2')}/open`),
      unauthorized('No Authorization Header or access_token query parameter present'),
    );
    assert.deepEqual(
      await rejectedHandshake(`${base('4.6')}/open`),
      unauthorized(
        'No Authorization header, access_token query parameter, apikey header or query parameter present',
      ),
    );
    const withToken = await openClient(`${base('4.6')}/open?access_token=token-1`);
    withToken.close();
    await backend.nextConnection();
    const open = await openClient(`${base('4.7')}/open`);
    open.close();
    await backend.nextConnection();
  });

  test('an API key opens a secured topic from 4.3; 4.2 takes none and says no credential is present', async () => {
    assert.deepEqual(
      await rejectedHandshake(`${base('4.2')}/secured`, { apikey: 'key-1' }),
      unauthorized('No Authorization Header or access_token query parameter present'),
    );
    const client = await openClient(`${base('4.3')}/secured?apikey=key-1`);
    client.close();
    await backend.nextConnection();
  });

  test('client query parameters reach the backend from 4.4; up to 4.3 only the mapping is left', async () => {
    const dropped = await openClient(`${base('4.3')}/secured?access_token=token-1&room=r1`);
    assert.equal((await backend.nextConnection()).url, '/secured');
    dropped.close();
    const kept = await openClient(`${base('4.4')}/secured?access_token=token-1&room=r1`);
    assert.equal((await backend.nextConnection()).url, '/secured?room=r1');
    kept.close();
  });

  test('the 404 of a topic the API lacks names the path from 4.2, without its trailing /', async () => {
    assert.equal(
      (await rejectedHandshake(`${base('4.1')}/nothing/`)).body,
      'No matching resource found to dispatch the request',
    );
    assert.equal(
      (await rejectedHandshake(`${base('4.2')}/nothing/?x=1`)).body,
      'No matching resource was found to dispatch the request for path : /v4-2/1.0.0/nothing',
    );
  });

  test('a path of no API, with APIs of several versions, answers as the newest', async () => {
    assert.equal(
      (await rejectedHandshake(`${gateway.url}/orders/1.0.0/`)).body,
      'No matching API was found to dispatch the request for path : /orders/1.0.0',
    );
  });

  test('the bearer scheme is case-sensitive in every version: "bearer" is refused', async () => {
    for (const version of ['4.1', '4.7']) {
      assert.deepEqual(
        await rejectedHandshake(`${base(version)}/secured`, { authorization: 'bearer token-1' }),
        unauthorized('Invalid Credentials'),
      );
    }
  });
});

suite('gateway: a gateway of 4.1 APIs only answers a path of no API as 4.1 does', () => {
  test('"No matching API found to dispatch the request", without the path', async () => {
    const backend = await startTestBackend();
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: [versionedApi(backend.endpoint, '4.1')],
    });
    try {
      assert.equal(
        (await rejectedHandshake(`${gateway.url}/orders/1.0.0`)).body,
        'No matching API found to dispatch the request',
      );
    } finally {
      await gateway.close();
      await backend.close();
    }
  });
});

suite('gateway CLI: the WSO2 version of each project, and --wso2-version', () => {
  const SAMPLE = join(REPO_ROOT, 'test', 'fixtures', 'wso2-sample');
  const EXAMPLE = join(REPO_ROOT, 'examples', 'chat-api');

  test("by default each project follows its api.yaml's version, and the route table says so", async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--tls-port',
      'off',
      '--mock',
      SAMPLE,
      EXAMPLE,
    ]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\S+)$/);
      const table = gateway.stdout();
      assert.match(table, /^WebSocket 1\.0\.0 answers as WSO2 4\.1 \(api\.yaml version v4\.1\.0\)$/m);
      assert.match(table, /^Chats 1\.0\.0 answers as WSO2 4\.7 \(api\.yaml version v4\.7\.0\)$/m);
      // The sample's own 404 is 4.1's: no path in it.
      assert.equal(
        (await rejectedHandshake(`${url ?? ''}/websocket/1.0.0/nothing`)).body,
        'No matching resource found to dispatch the request',
      );
      const open = await openClient(`${url ?? ''}/chats/1.0.0/notifications`);
      open.close();
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
  });

  test('--wso2-version 4.2 makes every project answer as 4.2, and marks the topics that then differ', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--tls-port',
      'off',
      '--mock',
      '--wso2-version',
      '4.2',
      EXAMPLE,
    ]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\S+)$/);
      const table = gateway.stdout();
      assert.match(table, /^Chats 1\.0\.0 answers as WSO2 4\.2 \(--wso2-version\)$/m);
      assert.match(table, /^ {2}\/notifications: x-auth-type None, but WSO2 4\.2 asks for credentials$/m);
      assert.deepEqual(
        await rejectedHandshake(`${url ?? ''}/chats/1.0.0/notifications`),
        unauthorized('No Authorization Header or access_token query parameter present'),
      );
      assert.equal(
        (await rejectedHandshake(`${url ?? ''}/orders/`)).body,
        'No matching API was found to dispatch the request for path : /orders',
      );
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
  });

  test('an unknown --wso2-version is refused with the versions it takes', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--wso2-version', '3.2', EXAMPLE]);
    assert.equal(await gateway.exited(), 2);
    assert.match(
      gateway.stderr(),
      /--wso2-version must be a WSO2 API Manager version from 4\.0, 4\.1, .*4\.7, not '3\.2'\./,
    );
  });
});
