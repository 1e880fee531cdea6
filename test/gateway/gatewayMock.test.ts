import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { startGateway } from '../../gateway/src/gatewayServer';
import { loadApiProjects } from '../../gateway/src/projectLoader';
import { closeOf, nextMessage, openClient, rejectedHandshake, withTimeout } from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode } from '../support/processes';

const EXAMPLE = join(REPO_ROOT, 'examples', 'chat-api');

suite('gateway --mock', () => {
  test('echoes what a client publishes and sends the AsyncAPI examples in turn', async () => {
    const { apis } = loadApiProjects([EXAMPLE]);
    const gateway = await startGateway({ host: '127.0.0.1', port: 0, apis, mock: { intervalMs: 5 } });
    try {
      assert.deepEqual(gateway.routes, [
        `${gateway.url}/chats/1.0.0/notifications -> (mock)`,
        `${gateway.url}/chats/1.0.0/rooms/{roomID} -> (mock)`,
      ]);
      const client = await openClient(`${gateway.url}/chats/1.0.0/rooms/general`);
      client.send('hello room');
      const received: string[] = [];
      while (!received.includes('hello room') || received.length < 3) {
        received.push((await nextMessage(client)).data);
      }
      const examples = received.filter((text) => text !== 'hello room').slice(0, 2);
      assert.deepEqual(
        examples.map((text) => JSON.parse(text) as unknown),
        [
          { from: 'alice', text: 'Hi everyone!' },
          { from: 'bob', text: 'Hello Alice.' },
        ],
      );
      const closed = closeOf(client);
      client.close(1000);
      assert.equal((await closed).code, 1000);
    } finally {
      await gateway.close();
    }
  });

  test('node dist/gateway.js --mock examples/chat-api prints the routes and echoes through the mock', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--mock',
      '--mock-interval',
      '3600000',
      EXAMPLE,
    ]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\/\/127\.0\.0\.1:\d+)$/);
      assert.match(
        gateway.stdout(),
        /^ws:\/\/127\.0\.0\.1:\d+\/chats\/1\.0\.0\/rooms\/\{roomID\} -> \(mock\)$/m,
      );
      const client = await openClient(`${url ?? ''}/chats/1.0.0/notifications?access_token=SECRET`);
      const welcome = await nextMessage(client);
      assert.deepEqual(JSON.parse(welcome.data), { kind: 'welcome', text: 'Welcome to Chats!' });
      const echo = nextMessage(client);
      client.send('ping');
      assert.deepEqual(await echo, { data: 'ping', isBinary: false });
      const closed = closeOf(client);
      gateway.child.kill('SIGTERM');
      assert.equal((await closed).code, 1001);
      assert.equal(await gateway.exited(), 0);
      assert.doesNotMatch(gateway.stdout() + gateway.stderr(), /SECRET/);
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
  });

  test('without --mock the route table shows the real backend URLs', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--port', '0', EXAMPLE]);
    try {
      await gateway.waitForLine(/^listening /);
      assert.match(
        gateway.stdout(),
        /^ws:\/\/127\.0\.0\.1:\d+\/chats\/1\.0\.0\/rooms\/\{roomID\} -> ws:\/\/localhost:8080\/rooms\?room=\{uri\.var\.roomID\}$/m,
      );
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
  });

  test('a reload closes the mock backends it replaces, once the connections made on them end', async () => {
    const { apis } = loadApiProjects([EXAMPLE]);
    const listening = (): number =>
      process.getActiveResourcesInfo().filter((name) => name === 'TCPServerWrap').length;
    const before = listening();
    const gateway = await startGateway({ host: '127.0.0.1', port: 0, apis, mock: { intervalMs: 60_000 } });
    try {
      const started = listening(); // the gateway's listener and the example's mock backend
      assert.equal(started - before, 2);
      const held = await openClient(`${gateway.url}/chats/1.0.0/rooms/lobby`);
      await nextMessage(held); // the first example, from the mock of the first load
      for (let reload = 0; reload < 5; reload += 1) {
        await gateway.reload({ apis: loadApiProjects([EXAMPLE]).apis });
      }
      // Five reloads: the first mock stays for the connection made on it, the three in between are closed.
      await until(() => listening() === started + 1, 'the replaced mocks closed');
      held.send('still there');
      assert.equal((await nextMessage(held)).data, 'still there');
      held.close();
      await until(() => listening() === started, 'the first mock closed once its connection ended');
      const fresh = await openClient(`${gateway.url}/chats/1.0.0/rooms/lobby`);
      await nextMessage(fresh);
      fresh.close();
    } finally {
      await gateway.close();
    }
    await until(() => listening() === before, 'every listener closed with the gateway');
  });

  test('one bad project does not stop the others: it is listed as skipped, a 4.0-era export is served', async () => {
    const projects = join(REPO_ROOT, 'test', 'fixtures', 'projects');
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--tls-port',
      'off',
      '--mock',
      join(projects, 'missing-context'),
      join(projects, 'wso2-4.0-export'),
      join(REPO_ROOT, 'examples', 'chat-api'),
    ]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\S+)$/);
      assert.match(
        gateway.stderr(),
        /^wsapi-gateway: skipped .*missing-context\/api\.yaml \(the others are served\): .*missing-context\/api\.yaml:3:1: error: data\.context is missing/m,
      );
      assert.match(gateway.stdout(), /^Legacy 1\.0\.0 answers as WSO2 4\.0 \(api\.yaml version v4\.0\.0\)$/m);
      assert.match(
        gateway.stdout(),
        /^ws:\/\/127\.0\.0\.1:\d+\/legacy\/1\.0\.0\/notifications -> \(mock\)$/m,
      );
      // Served as 4.0 serves it: its secured topic asks for credentials (a 401, not the 404 of an unserved API).
      assert.equal(
        (await rejectedHandshake(`${url ?? ''}/legacy/1.0.0/notifications`)).body,
        'No Authorization Header or access_token query parameter present',
      );
      const chat = await openClient(`${url ?? ''}/chats/1.0.0/rooms/lobby`);
      chat.close();
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
  });

  test('a broken API project alone stops startup with file:line:column and the fix', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      join(REPO_ROOT, 'test', 'fixtures', 'projects', 'missing-context'),
    ]);
    assert.equal(await gateway.exited(), 1);
    assert.match(
      gateway.stderr(),
      /missing-context\/api\.yaml:\d+:\d+: error: data\.context is missing: add 'context:'/,
    );
  });
});

/** Resolves once `check` holds (polled every 10 ms), else fails naming `what`. */
function until(check: () => boolean, what: string): Promise<void> {
  return withTimeout(
    new Promise<void>((resolve) => {
      const poll = (): void => (check() ? resolve() : void setTimeout(poll, 10));
      poll();
    }),
    what,
  );
}
