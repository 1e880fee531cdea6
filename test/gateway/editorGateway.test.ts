// The gateway as the editor runs it: dist/gateway.js as a child process, read through its printed route table.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, suite, test } from 'node:test';
import WebSocket from 'ws';

import { GatewayProcess, gatewayConfigText } from '../../client/src/gateway/gatewayProcess';
import { fillRoute, routesOfTopic } from '../../client/src/gateway/topicRoutes';
import { nextMessage, openClient, rejectedHandshake, withTimeout } from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode } from '../support/processes';

const EXAMPLE = join(REPO_ROOT, 'examples', 'chat-api');
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'projects');
const secrets = mkdtempSync(join(tmpdir(), 'wsapi-editor-gateway-'));
after(() => rmSync(secrets, { recursive: true, force: true }));

function gatewayProcess(): { gateway: GatewayProcess; lines: string[] } {
  const lines: string[] = [];
  return { gateway: new GatewayProcess(requireBuilt(GATEWAY_BUNDLE), (line) => lines.push(line)), lines };
}

suite('editor gateway: dist/gateway.js run as the editor runs it', () => {
  test('starts on a free loopback port with its route table, relays a topic, and stops', async () => {
    const { gateway } = gatewayProcess();
    const changes: (number | undefined)[] = [];
    gateway.onDidChange(() => changes.push(gateway.current?.port));
    const run = await gateway.start({ port: 0, mock: true, paths: [EXAMPLE] });
    try {
      assert.match(run.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual(
        run.routes.map((route) => route.url.slice(run.url.length)),
        ['/chats/1.0.0/notifications', '/chats/1.0.0/rooms/{roomID}'],
      );
      assert.equal(
        await gateway.start({ port: 0, mock: true, paths: [EXAMPLE] }),
        run,
        'one gateway at a time',
      );
      const [route] = routesOfTopic(run.routes, { context: '/chats', version: '1.0.0' }, '/rooms/{roomID}');
      assert.ok(route);
      const socket = await openClient(fillRoute(route, { roomID: 'lobby' }));
      socket.send('hello');
      let echoed = false;
      while (!echoed) {
        echoed = (await nextMessage(socket)).data === 'hello'; // the mock also sends the examples
      }
      socket.close();
    } finally {
      await gateway.stop();
    }
    assert.equal(gateway.current, undefined);
    assert.deepEqual(changes, [run.port, undefined]);
  });

  test("the user's API key: handed over IPC (never on disk), accepted, and a new one added without dropping connections or hot reload", async () => {
    const { gateway, lines } = gatewayProcess();
    // A copy of the fixture, so that a topic can be added while the gateway runs.
    const folder = join(secrets, 'keys');
    cpSync(join(FIXTURES, 'apikey-only'), folder, { recursive: true });
    const before = new Set(readdirSync(secrets));
    const run = await gateway.start({
      port: 0,
      mock: true,
      paths: [folder],
      config: gatewayConfigText({ apiKey: 'editor-key' }, []),
    });
    try {
      assert.deepEqual(
        readdirSync(secrets).filter((file) => !before.has(file)),
        [],
        'no credentials file is written',
      );
      const url = `${run.url}/keys/1.0.0/anything`;
      assert.equal((await rejectedHandshake(url, { apikey: 'other-key' })).status, 401);
      const open = await keyedClient(url, 'editor-key');
      await gateway.updateConfig(gatewayConfigText({ apiKey: 'other-key' }, []));
      assert.equal(open.readyState, WebSocket.OPEN, 'the open connection stays');
      (await keyedClient(url, 'other-key')).close();
      assert.equal(
        (await rejectedHandshake(url, { apikey: 'editor-key' })).status,
        401,
        'the old key is replaced',
      );
      await assert.rejects(gateway.updateConfig('auth:\n  apiKey: typo'), /apiKey/);
      (await keyedClient(url, 'other-key')).close(); // a bad config keeps the last good one

      // Hot reload still works: a changed api.yaml is served to new handshakes.
      const apiYaml = join(folder, 'api.yaml');
      writeFileSync(apiYaml, readFileSync(apiYaml, 'utf8').replace('context: /keys', 'context: /keys2'));
      await withTimeout(
        new Promise<void>((resolve) => {
          const check = (): void =>
            lines.some((line) => line.includes('/keys2/1.0.0/')) ? resolve() : void setTimeout(check, 20);
          check();
        }),
        'the reload after the edit',
      );
      (await keyedClient(`${run.url}/keys2/1.0.0/anything`, 'other-key')).close();
      assert.ok(!lines.some((line) => /reload failed/.test(line)), lines.join('\n'));
      assert.equal(open.readyState, WebSocket.OPEN, 'still open after the reload');
      open.close();
    } finally {
      await gateway.stop();
    }
  });

  test('a project the gateway skips: the others are served, the run names it with its reason', async () => {
    const { gateway } = gatewayProcess();
    const run = await gateway.start({
      port: 0,
      mock: true,
      paths: [join(FIXTURES, 'missing-context'), EXAMPLE],
    });
    try {
      assert.deepEqual(
        run.routes.map((route) => route.url.slice(run.url.length)),
        ['/chats/1.0.0/notifications', '/chats/1.0.0/rooms/{roomID}'],
      );
      await withTimeout(
        new Promise<void>((resolve) => {
          const check = (): void => (run.skipped.length > 0 ? resolve() : void setTimeout(check, 10));
          check();
        }),
        'the skipped project',
      );
      assert.equal(run.skipped.length, 1);
      assert.match(run.skipped[0]?.source ?? '', /missing-context\/api\.yaml$/);
      assert.match(run.skipped[0]?.reason ?? '', /error: data\.context is missing/);
    } finally {
      await gateway.stop();
    }
  });

  test('the wso2Version setting reaches the gateway: 4.2 asks for credentials on the open topics', async () => {
    const { gateway } = gatewayProcess();
    const run = await gateway.start({ port: 0, mock: true, paths: [EXAMPLE], wso2Version: '4.2' });
    try {
      assert.equal((await rejectedHandshake(`${run.url}/chats/1.0.0/notifications`)).status, 401);
    } finally {
      await gateway.stop();
    }
  });

  test("a project the gateway refuses: the start fails with the gateway's own explanation", async () => {
    const { gateway, lines } = gatewayProcess();
    await assert.rejects(
      gateway.start({ port: 0, mock: true, paths: [join(FIXTURES, 'missing-context')] }),
      (error: Error) => {
        assert.match(error.message, /data\.context is missing/);
        return true;
      },
    );
    assert.equal(gateway.current, undefined);
    assert.ok(
      lines.some((line) => line.includes('cannot start')),
      lines.join('\n'),
    );
  });

  test('a port in use: the second gateway says so and the first keeps running', async () => {
    const first = gatewayProcess().gateway;
    const run = await first.start({ port: 0, mock: true, paths: [EXAMPLE] });
    const second = gatewayProcess().gateway;
    try {
      await assert.rejects(second.start({ port: run.port, mock: true, paths: [EXAMPLE] }), (error: Error) => {
        assert.match(error.message, new RegExp(String(run.port)));
        return true;
      });
      assert.equal(second.current, undefined);
      assert.equal((await fetch(`${run.url.replace('ws:', 'http:')}/health`)).status, 200);
    } finally {
      await first.stop();
    }
  });

  test('the gateway does not outlive the process that started it', async () => {
    // An extension host that exits without deactivating: a Node process that starts the gateway, then exits.
    const script = join(secrets, 'host.js');
    const module = join(__dirname, '..', '..', 'client', 'src', 'gateway', 'gatewayProcess.js');
    writeFileSync(
      script,
      `const { GatewayProcess } = require(${JSON.stringify(module)});
new GatewayProcess(${JSON.stringify(requireBuilt(GATEWAY_BUNDLE))}, () => {})
  .start({ port: 0, mock: true, paths: [${JSON.stringify(EXAMPLE)}] })
  .then((run) => { console.log('gateway ' + run.url); process.exit(0); });
`,
    );
    const host = startNode(script, []);
    const [, url] = await host.waitForLine(/^gateway (ws:\S+)$/);
    assert.equal(await host.exited(), 0);
    const health = `${url?.replace('ws:', 'http:')}/health`;
    let stopped = false;
    for (let attempt = 0; attempt < 100 && !stopped; attempt++) {
      stopped = await fetch(health).then(
        () => new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50)),
        () => true,
      );
    }
    assert.ok(stopped, `${health} still answers after its host exited`);
  });
});

async function keyedClient(url: string, apikey: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { headers: { apikey } });
  await withTimeout(
    new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    }),
    `the handshake with ${apikey}`,
  );
  return socket;
}
