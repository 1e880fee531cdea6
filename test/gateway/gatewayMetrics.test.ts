import assert from 'node:assert/strict';
import { after, before, suite, test } from 'node:test';

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import {
  backendReceived,
  fixtureApi,
  closeOf,
  nextMessage,
  openClient,
  rejectedHandshake,
  startTestBackend,
  testApi,
  withTimeout,
  type TestBackend,
} from '../support/gatewayHarness';

interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses the Prometheus text format: every sample line, checking that each family has its TYPE first. */
function parseMetrics(text: string): Sample[] {
  const typed = new Set<string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\w+) (gauge|counter)$/.exec(line);
    if (type?.[1] !== undefined) {
      typed.add(type[1]);
      continue;
    }
    if (line === '' || line.startsWith('# HELP ')) {
      continue;
    }
    const sample = /^(\w+)\{(.*)\} (\d+)$/.exec(line);
    assert.ok(sample?.[1] !== undefined && sample[2] !== undefined, `a sample line: ${line}`);
    assert.ok(typed.has(sample[1]), `TYPE before ${sample[1]}`);
    const labels = Object.fromEntries(
      [...sample[2].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((match) => [match[1], match[2]]),
    );
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return samples;
}

suite('gateway: GET /metrics', () => {
  let backend: TestBackend;
  let gateway: Gateway;
  let metricsUrl: string;

  /** The value of one sample of a topic; `extra` picks a direction or an error kind. */
  const value = async (name: string, topic: string, extra: Record<string, string> = {}): Promise<number> => {
    const samples = parseMetrics(await (await fetch(metricsUrl)).text());
    const found = samples.filter(
      (sample) =>
        sample.name === name &&
        sample.labels.topic === topic &&
        Object.entries(extra).every(([key, wanted]) => sample.labels[key] === wanted),
    );
    assert.equal(found.length, 1, `one ${name} sample for ${topic} ${JSON.stringify(extra)}`);
    return found[0]?.value ?? Number.NaN;
  };

  before(async () => {
    backend = await startTestBackend();
    gateway = await startGateway({
      host: '127.0.0.1',
      port: 0,
      apis: [
        testApi(backend.endpoint, [
          { name: '/plain', authType: 'None' },
          { name: '/limited', authType: 'None' },
        ]),
        fixtureApi('validated', backend.endpoint),
        // Nothing listens on port 1: every handshake there is a backend failure.
        testApi('ws://127.0.0.1:1', [{ name: '/down', authType: 'None' }], {
          name: 'Down',
          context: '/down',
        }),
      ],
      throttling: [{ api: '/test/1.0.0', topic: '/limited', frames: 1, per: 'day' }],
    });
    metricsUrl = `${gateway.url.replace('ws:', 'http:')}/metrics`;
  });

  after(async () => {
    await gateway.close();
    await backend.close();
  });

  test('answers in the Prometheus text format, every topic listed from the start', async () => {
    const response = await fetch(metricsUrl);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const samples = parseMetrics(await response.text());
    const open = samples.filter((sample) => sample.name === 'wsapi_connections_open');
    assert.deepEqual(
      open.map(({ labels, value: count }) => [
        labels.api,
        labels.context,
        labels.version,
        labels.topic,
        count,
      ]),
      [
        ['Test', '/test', '1.0.0', '/plain', 0],
        ['Test', '/test', '1.0.0', '/limited', 0],
        ['Trades', '/trades', '1.0.0', '/orders', 0],
        ['Trades', '/trades', '1.0.0', '/free', 0],
        ['Down', '/down', '1.0.0', '/down', 0],
      ],
    );
  });

  test('connections open and total, frames and bytes by direction', async () => {
    const client = await openClient(`${gateway.url}/test/1.0.0/plain`);
    const server = await backend.nextConnection();
    client.send('ab');
    client.send('cde');
    await backendReceived(server, 2);
    server.socket.send('fghi');
    await nextMessage(client);
    assert.deepEqual(
      [
        await value('wsapi_connections_open', '/plain'),
        await value('wsapi_connections_total', '/plain'),
        await value('wsapi_frames_total', '/plain', { direction: 'client_to_backend' }),
        await value('wsapi_bytes_total', '/plain', { direction: 'client_to_backend' }),
        await value('wsapi_frames_total', '/plain', { direction: 'backend_to_client' }),
        await value('wsapi_bytes_total', '/plain', { direction: 'backend_to_client' }),
      ],
      [1, 1, 2, 5, 1, 4],
    );
    const closed = closeOf(server.socket);
    client.close();
    await closed;
    // The gateway counts the close once both of its sides have ended; wait for that, then check.
    await withTimeout(
      (async () => {
        while ((await value('wsapi_connections_open', '/plain')) !== 0) {
          await new Promise((resolve) => setImmediate(resolve));
        }
      })(),
      'the connection to be counted as closed',
    );
    assert.equal(await value('wsapi_connections_total', '/plain'), 1);
  });

  test('errors: throttled frames, invalid frames and backend failures, each on its topic', async () => {
    const limited = await openClient(`${gateway.url}/test/1.0.0/limited`);
    await backend.nextConnection();
    limited.send('first');
    limited.send('second');
    assert.equal((await nextMessage(limited)).data, 'Error code: 4003 reason: Websocket frame throttled out');
    const orders = await openClient(`${gateway.url}/trades/1.0.0/orders`);
    const ordersServer = await backend.nextConnection();
    orders.send('{"symbol":"acme"}');
    await backendReceived(ordersServer, 1);
    assert.equal((await rejectedHandshake(`${gateway.url}/down/1.0.0/down`)).status, 502);
    assert.deepEqual(
      [
        await value('wsapi_errors_total', '/limited', { kind: 'throttled' }),
        await value('wsapi_errors_total', '/orders', { kind: 'invalid' }),
        await value('wsapi_errors_total', '/down', { kind: 'backend' }),
        await value('wsapi_errors_total', '/plain', { kind: 'throttled' }),
        await value('wsapi_connections_total', '/down'),
      ],
      [1, 1, 1, 0, 0],
    );
    limited.close();
    orders.close();
  });
});
