import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, suite, test } from 'node:test';
import WebSocket from 'ws';

import { startGateway } from '../../gateway/src/gatewayServer';
import { openTrafficLog } from '../../gateway/src/trafficLog';
import {
  closeOf,
  nextMessage,
  openClient,
  startTestBackend,
  testApi,
  withTimeout,
} from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode } from '../support/processes';

const EXAMPLE = join(REPO_ROOT, 'examples', 'chat-api');

type Line = Record<string, unknown>;

function lines(text: string): Line[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);
}

suite('gateway: traffic log', () => {
  const folder = mkdtempSync(join(tmpdir(), 'wsapi-traffic-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('--log FILE: one JSON line per open, frame and close; no credential anywhere', async () => {
    const file = join(folder, 'traffic.jsonl');
    const backend = await startTestBackend();
    const log = await openTrafficLog(file);
    const gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: [testApi(backend.endpoint, [{ name: '/rooms/{roomID}', authType: 'None' }])],
      log,
    });
    try {
      const client = new WebSocket(
        `${gateway.url}/test/1.0.0/rooms/lobby?access_token=SECRET-TOKEN&apikey=SECRET-KEY&since=5`,
        { headers: { Authorization: 'Bearer SECRET-BEARER', apikey: 'SECRET-HEADER' } },
      );
      await withTimeout(new Promise((resolve) => client.once('open', resolve)), 'the client');
      const server = await backend.nextConnection();
      const echoed = new Promise<void>((resolve) => client.once('message', () => resolve()));
      client.send('hello');
      server.socket.on('message', () => server.socket.send(Buffer.from([1, 2, 3])));
      await withTimeout(echoed, 'the binary answer');
      const closed = closeOf(server.socket);
      client.close(4100, 'bye');
      await closed;
    } finally {
      await gateway.close();
      await log.end();
      await backend.close();
    }
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /SECRET/);
    const records = lines(text);
    assert.ok(records.every((record) => typeof record.time === 'string' && record.connection === 1));
    assert.deepEqual(
      records.map(({ time: _time, connection: _connection, ...rest }) => rest),
      [
        {
          api: 'Test',
          version: '1.0.0',
          topic: '/rooms/{roomID}',
          event: 'open',
          path: '/test/1.0.0/rooms/lobby',
        },
        {
          api: 'Test',
          version: '1.0.0',
          topic: '/rooms/{roomID}',
          event: 'frame',
          direction: 'client_to_backend',
          opcode: 'text',
          size: 5,
          payload: 'hello',
          truncated: false,
          validation: 'unchecked',
          action: 'relayed',
        },
        {
          api: 'Test',
          version: '1.0.0',
          topic: '/rooms/{roomID}',
          event: 'frame',
          direction: 'backend_to_client',
          opcode: 'binary',
          size: 3,
          payload: 'AQID',
          truncated: false,
          validation: 'unchecked',
          action: 'relayed',
        },
        {
          api: 'Test',
          version: '1.0.0',
          topic: '/rooms/{roomID}',
          event: 'close',
          side: 'client',
          code: 4100,
        },
        {
          api: 'Test',
          version: '1.0.0',
          topic: '/rooms/{roomID}',
          event: 'close',
          side: 'backend',
          code: 4100,
        },
      ],
    );
  });

  test('node dist/gateway.js --log - --strict: log lines on stdout with the validation result', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--mock',
      '--mock-interval',
      '3600000',
      '--log',
      '-',
      '--strict',
      EXAMPLE,
    ]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\S+)$/);
      const client = await openClient(`${url}/chats/1.0.0/notifications?access_token=SECRET-TOKEN`);
      // The mock sends the first example at once; it matches the Notification schema.
      assert.deepEqual(JSON.parse((await nextMessage(client)).data), {
        kind: 'welcome',
        text: 'Welcome to Chats!',
      });
      client.send('{"kind":7}');
      assert.equal(
        (await nextMessage(client)).data,
        'Error code: 4005 reason: Invalid message: Notification: /kind must be string (schema #/components/messages/Notification/payload/properties/kind/type)',
      );
      await gateway.waitForLine(/"action":"rejected"/);
      client.close();
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
    assert.doesNotMatch(gateway.stdout(), /SECRET/);
    assert.doesNotMatch(gateway.stderr(), /SECRET/);
    const frames = lines(gateway.stdout()).filter((record) => record.event === 'frame');
    assert.deepEqual(
      frames
        .slice(0, 2)
        .map(({ direction, validation, action, problem }) => ({ direction, validation, action, problem })),
      [
        { direction: 'backend_to_client', validation: 'valid', action: 'relayed', problem: undefined },
        {
          direction: 'client_to_backend',
          validation: 'invalid',
          action: 'rejected',
          problem:
            'Notification: /kind must be string (schema #/components/messages/Notification/payload/properties/kind/type)',
        },
      ],
    );
    assert.match(gateway.stderr(), /invalid message from the client on Chats 1\.0\.0 \/notifications/);
  });

  test('a --log file that cannot be written stops the gateway with the fix', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--log',
      join(folder, 'missing', 'traffic.jsonl'),
    ]);
    assert.equal(await gateway.exited(), 1);
    assert.match(
      gateway.stderr(),
      /--log .*traffic\.jsonl: cannot write it \(ENOENT\): give a file in a folder that exists/,
    );
  });
});
