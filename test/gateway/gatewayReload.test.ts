import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';
import type WebSocket from 'ws';

import { nextMessage, openClient, rejectedHandshake, withTimeout } from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode, type RunningProcess } from '../support/processes';

const SECURED = join(REPO_ROOT, 'test', 'fixtures', 'projects', 'secured');

/** Resolves once `read()` matches `pattern` `times` times (output of a running gateway). */
function seen(read: () => string, pattern: RegExp, times = 1): Promise<void> {
  const global = new RegExp(pattern.source, 'gm');
  return withTimeout(
    new Promise<void>((resolve) => {
      const check = (): void => {
        if ((read().match(global)?.length ?? 0) >= times) {
          resolve();
        } else {
          setTimeout(check, 20);
        }
      };
      check();
    }),
    `${times} × ${pattern.source}`,
  );
}

/** Echoes one text frame through an open client. */
async function echoes(client: WebSocket, text: string): Promise<void> {
  client.send(text);
  assert.equal((await nextMessage(client)).data, text);
}

suite('gateway CLI: hot reload of definitions and config', () => {
  let folder: string;
  let project: string;
  let config: string;
  let gateway: RunningProcess;
  let url: string;
  let held: WebSocket;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'wsapi-gateway-reload-'));
    project = join(folder, 'secured');
    cpSync(SECURED, project, { recursive: true });
    config = join(folder, 'gateway.yaml');
    writeFileSync(config, 'auth:\n  apiKeys: [first-key]\n');
    gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--tls-port',
      'off',
      '--mock',
      '--mock-interval',
      '3600000',
      '--config',
      config,
      project,
    ]);
    url = (await gateway.waitForLine(/^listening (ws:\/\/127\.0\.0\.1:\d+)$/))[1] ?? '';
    held = await openClient(`${url}/orders/1.0.0/open`);
  });

  after(async () => {
    held.close();
    gateway.child.kill('SIGTERM');
    await gateway.exited();
    rmSync(folder, { recursive: true, force: true });
  });

  test('an edited api.yaml: new handshakes use the new routes, the open connection stays', async () => {
    const apiYaml = join(project, 'api.yaml');
    writeFileSync(apiYaml, readFileSync(apiYaml, 'utf8').replace('context: /orders', 'context: /shop'));
    await seen(() => gateway.stdout(), /^reloaded: 1 API, \d+ routes$/);
    assert.match(gateway.stdout(), /^ws:\/\/127\.0\.0\.1:\d+\/shop\/1\.0\.0\/open -> \(mock\)$/m);
    const fresh = await openClient(`${url}/shop/1.0.0/open`);
    await echoes(fresh, 'on the new route');
    fresh.close();
    assert.deepEqual(await rejectedHandshake(`${url}/orders/1.0.0/open`), {
      status: 404,
      contentType: 'text/plain; charset=UTF-8',
      body: 'No matching API was found to dispatch the request for path : /orders/1.0.0/open',
    });
    await echoes(held, 'still here');
  });

  test('an edited config: new credentials are accepted, removed ones are not', async () => {
    writeFileSync(config, 'auth:\n  apiKeys: [second-key]\n');
    await seen(() => gateway.stdout(), /^reloaded: /, 2);
    const keyed = await openClient(`${url}/shop/1.0.0/anything?apikey=second-key`);
    keyed.close();
    assert.equal((await rejectedHandshake(`${url}/shop/1.0.0/anything?apikey=first-key`)).status, 401);
    assert.doesNotMatch(gateway.stdout() + gateway.stderr(), /first-key|second-key/);
  });

  test('a broken edit keeps the last good routes and says what is wrong', async () => {
    writeFileSync(config, 'auth:\n  apiKeys: third-key\n');
    await seen(
      () => gateway.stderr(),
      /^wsapi-gateway: reload failed, still serving the last good definitions and config:$/,
    );
    assert.match(gateway.stderr(), /gateway\.yaml: auth\.apiKeys: must be a list of API keys/);
    assert.doesNotMatch(gateway.stderr(), /third-key/);
    const keyed = await openClient(`${url}/shop/1.0.0/anything?apikey=second-key`);
    keyed.close();
    const apiYaml = join(project, 'api.yaml');
    writeFileSync(config, 'auth:\n  apiKeys: [second-key]\n');
    writeFileSync(apiYaml, 'type: api\ndata: [\n');
    await seen(() => gateway.stderr(), /reload failed/, 2);
    const fresh = await openClient(`${url}/shop/1.0.0/open`);
    fresh.close();
    await echoes(held, 'through it all');
  });
});
