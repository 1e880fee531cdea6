import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { escapeLabel, GatewayMetrics } from '../../../gateway/src/metrics';
import { testApi } from '../../support/gatewayHarness';

const api = testApi('ws://127.0.0.1:1', [{ name: '/rooms/{roomID}' }, { name: '/say "hi"' }], {
  name: 'Chats',
  context: '/chats',
}).api;

suite('metrics', () => {
  test('every topic is listed from the start, at zero', () => {
    const text = new GatewayMetrics([api]).render();
    assert.match(
      text,
      /^wsapi_connections_open\{api="Chats",context="\/chats",version="1\.0\.0",topic="\/rooms\/\{roomID\}"\} 0$/m,
    );
    assert.match(text, /^wsapi_connections_open\{.*topic="\/say \\"hi\\""\} 0$/m);
  });

  test('counts land on their topic, direction and kind', () => {
    const metrics = new GatewayMetrics([api]);
    const rooms = metrics.of(api, api.topics[0] ?? assert.fail());
    assert.equal(metrics.of(api, api.topics[0] ?? assert.fail()), rooms, 'one counter set per topic');
    rooms.total += 2;
    rooms.open += 1;
    rooms.frame('client', 10);
    rooms.frame('client', 5);
    rooms.frame('backend', 7);
    rooms.errors.throttled += 1;
    const text = metrics.render();
    const sample = (name: string, extra = ''): string | undefined =>
      new RegExp(`^${name}\\{[^}]*topic="/rooms/\\{roomID\\}"${extra}\\} (\\d+)$`, 'm').exec(text)?.[1];
    assert.deepEqual(
      [
        sample('wsapi_connections_open'),
        sample('wsapi_connections_total'),
        sample('wsapi_frames_total', ',direction="client_to_backend"'),
        sample('wsapi_frames_total', ',direction="backend_to_client"'),
        sample('wsapi_bytes_total', ',direction="client_to_backend"'),
        sample('wsapi_bytes_total', ',direction="backend_to_client"'),
        sample('wsapi_errors_total', ',kind="throttled"'),
        sample('wsapi_errors_total', ',kind="invalid"'),
        sample('wsapi_errors_total', ',kind="backend"'),
      ],
      ['1', '2', '2', '1', '15', '7', '1', '0', '0'],
    );
  });

  test('the text format: HELP and TYPE before each family, a final newline', () => {
    const lines = new GatewayMetrics([api]).render().split('\n');
    assert.equal(lines.at(-1), '');
    const families = lines
      .filter((line) => line.startsWith('# TYPE '))
      .map((line) => line.split(' ').slice(2));
    assert.deepEqual(families, [
      ['wsapi_connections_open', 'gauge'],
      ['wsapi_connections_total', 'counter'],
      ['wsapi_frames_total', 'counter'],
      ['wsapi_bytes_total', 'counter'],
      ['wsapi_errors_total', 'counter'],
    ]);
    for (const line of lines.filter((text) => text !== '' && !text.startsWith('#'))) {
      assert.match(line, /^wsapi_[a-z_]+\{(?:[a-z_]+="(?:[^"\\]|\\.)*",?)+\} \d+$/);
    }
  });

  test('an API loaded again (hot reload) keeps its counts; a new topic is listed at zero', () => {
    const metrics = new GatewayMetrics([api]);
    metrics.of(api, api.topics[0] ?? assert.fail()).total += 3;
    const reloaded = testApi('ws://127.0.0.1:2', [{ name: '/rooms/{roomID}' }, { name: '/lobby' }], {
      name: 'Chats',
      context: '/chats',
    }).api;
    metrics.register([reloaded]);
    const text = metrics.render();
    assert.deepEqual(
      text.split('\n').filter((line) => line.startsWith('wsapi_connections_total{')),
      [
        'wsapi_connections_total{api="Chats",context="/chats",version="1.0.0",topic="/rooms/{roomID}"} 3',
        'wsapi_connections_total{api="Chats",context="/chats",version="1.0.0",topic="/say \\"hi\\""} 0',
        'wsapi_connections_total{api="Chats",context="/chats",version="1.0.0",topic="/lobby"} 0',
      ],
    );
  });

  test('label values escape backslash, quote and newline', () => {
    assert.equal(escapeLabel('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
  });
});
