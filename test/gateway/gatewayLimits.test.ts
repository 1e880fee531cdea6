import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';
import type WebSocket from 'ws';

import { readGatewayConfig } from '../../gateway/src/gatewayConfig';
import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { loadApiProjects } from '../../gateway/src/projectLoader';
import {
  nextMessage,
  openClient,
  startTestBackend,
  type TestBackend,
  withTimeout,
} from '../support/gatewayHarness';
import { REPO_ROOT } from '../support/paths';

const SECURED = join(REPO_ROOT, 'test', 'fixtures', 'projects', 'secured');

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return withTimeout(
    new Promise((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    ),
    'the close',
  );
}

/** The config's limits, read from YAML as the CLI reads them. */
function limitsOf(text: string): NonNullable<ReturnType<typeof readLimitsText>> {
  const limits = readLimitsText(text);
  assert.ok(limits);
  return limits;
}

function readLimitsText(text: string): { idleTimeoutMs?: number; maxPayload?: number } | undefined {
  const reading = readGatewayConfig(text, 'gw.yaml');
  return reading.kind === 'ok' ? reading.config.limits : undefined;
}

suite('gateway: limits from the config (idle timeout, maxPayload)', () => {
  let backend: TestBackend;
  let raw: Gateway;
  let mocked: Gateway;

  before(async () => {
    backend = await startTestBackend();
    const limits = limitsOf('limits:\n  idleTimeoutMs: 150\n  maxPayload: 64\n');
    const apis = loadApiProjects([SECURED]).apis.map((served) => ({
      ...served,
      api: { ...served.api, endpoints: { production: backend.endpoint } },
    }));
    raw = await startGateway({ host: '127.0.0.1', port: 0, apis, ...limits });
    mocked = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis,
      mock: { intervalMs: 3_600_000 },
      ...limits,
    });
  });

  after(async () => {
    await raw.close();
    await mocked.close();
    await backend.close();
  });

  test('an idle raw-relayed connection is closed with 1001, and its backend too', async () => {
    const client = await openClient(`${raw.url}/orders/1.0.0/open`);
    const seen = await backend.nextConnection();
    const backendClosed = closed(seen.socket);
    assert.deepEqual(await closed(client), { code: 1001, reason: 'Idle timeout' });
    assert.equal((await backendClosed).code, 1001);
  });

  test('an idle frame-relayed (mock) connection is closed with 1001', async () => {
    const client = await openClient(`${mocked.url}/orders/1.0.0/open`);
    client.send('still talking');
    assert.equal((await nextMessage(client)).data, 'still talking');
    assert.deepEqual(await closed(client), { code: 1001, reason: 'Idle timeout' });
  });

  test('a message over limits.maxPayload closes with 1009', async () => {
    const client = await openClient(`${mocked.url}/orders/1.0.0/open`);
    const done = closed(client);
    client.send('x'.repeat(65));
    assert.equal((await done).code, 1009);
  });
});

suite('limits: in the config', () => {
  test('every key is read', () => {
    assert.deepEqual(
      readLimitsText('limits:\n  maxPayload: 1024\n  connectTimeoutMs: 2000\n  idleTimeoutMs: 0\n'),
      {
        maxPayload: 1024,
        connectTimeoutMs: 2000,
        idleTimeoutMs: 0,
      },
    );
  });

  for (const [text, message] of [
    [
      'limits: 5\n',
      /gw\.yaml: limits: must be a mapping with maxPayload, connectTimeoutMs, idleTimeoutMs, pingIntervalMs\./,
    ],
    ['limits:\n  maxPayload: 1MB\n', /limits\.maxPayload: must be a whole number above 0: a number of bytes/],
    [
      'limits:\n  idleTimeoutMs: -1\n',
      /limits\.idleTimeoutMs: must be a whole number: a number of milliseconds/,
    ],
    [
      'limits:\n  idleTimeout: 5\n',
      /limits\.idleTimeout: unknown key: the keys here are limits\.maxPayload, /,
    ],
  ] as const) {
    test(`refuses ${JSON.stringify(text)}`, () => {
      const reading = readGatewayConfig(text, 'gw.yaml');
      assert.match(reading.kind === 'error' ? reading.message : '', message);
    });
  }
});
