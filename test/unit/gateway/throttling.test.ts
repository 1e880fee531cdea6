import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import type { ApiTopic, WsApi } from '../../../core/src';
import { readGatewayConfig } from '../../../gateway/src/gatewayConfig';
import { takeFrame, Throttling, type ThrottleRule } from '../../../gateway/src/throttling';
import { testApi } from '../../support/gatewayHarness';

const chats: WsApi = testApi('ws://127.0.0.1:1', [{ name: '/rooms/{roomID}' }, { name: '/notifications' }], {
  name: 'Chats',
  context: '/chats',
  version: '1.0.0',
  isDefaultVersion: true,
}).api;
const [rooms, notifications] = chats.topics as [ApiTopic, ApiTopic];

/** A clock the test moves by hand. */
function clock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000_000;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** How many of `count` frames pass, one after the other. */
function passing(quotas: ReturnType<Throttling['quotasFor']>, count: number): number {
  return Array.from({ length: count }, () => takeFrame(quotas)).filter(Boolean).length;
}

suite('throttling: quotas', () => {
  test('a quota lets `frames` frames through per unit, then none until the next window', () => {
    const time = clock();
    const throttling = new Throttling([{ api: '/chats/1.0.0', frames: 3, per: 'second' }], time.now);
    const quotas = throttling.quotasFor(chats, rooms);
    assert.equal(passing(quotas, 5), 3);
    time.advance(999);
    assert.equal(passing(quotas, 1), 0);
    time.advance(1);
    assert.equal(passing(quotas, 5), 3);
  });

  test('an API quota is shared by its topics and by every connection', () => {
    const throttling = new Throttling([{ api: '/chats/1.0.0', frames: 4, per: 'minute' }], clock().now);
    assert.equal(passing(throttling.quotasFor(chats, rooms), 3), 3);
    assert.equal(passing(throttling.quotasFor(chats, notifications), 3), 1);
  });

  test('a topic quota applies to that topic only, on top of the API quota', () => {
    const rules: ThrottleRule[] = [
      { api: '/chats', frames: 10, per: 'hour' },
      { api: '/chats/1.0.0', topic: 'rooms/{roomID}/', frames: 2, per: 'hour' },
    ];
    const throttling = new Throttling(rules, clock().now);
    assert.equal(throttling.quotasFor(chats, rooms).length, 2);
    assert.equal(passing(throttling.quotasFor(chats, rooms), 5), 2);
    // The frames refused on /rooms did not use the API quota: 10 - 2 are left.
    assert.equal(passing(throttling.quotasFor(chats, notifications), 20), 8);
  });

  test('rules for other APIs do not apply, and are reported as unused', () => {
    const throttling = new Throttling(
      [
        { api: '/news/1.0.0', frames: 0, per: 'day' },
        { api: '/chats/1.0.0', topic: '/lobby', frames: 0, per: 'day' },
        { api: '/chats/1.0.0/', frames: 0, per: 'day' },
      ],
      clock().now,
    );
    assert.equal(throttling.quotasFor(chats, rooms).length, 1);
    assert.deepEqual(throttling.unusedRules([chats]), [
      "throttling: no served API is at /news/1.0.0: write the API's {context}/{version} (or its context) as it appears in the route table.",
      "throttling: no served API has topic /lobby and is at /chats/1.0.0: write the API's {context}/{version} (or its context) as it appears in the route table.",
    ]);
  });

  test('frames: 0 throttles every frame', () => {
    const throttling = new Throttling([{ api: '/chats', frames: 0, per: 'second' }], clock().now);
    assert.equal(passing(throttling.quotasFor(chats, rooms), 3), 0);
  });
});

suite('throttling: the config file', () => {
  test('reads rules with and without a topic', () => {
    const reading = readGatewayConfig(
      [
        'throttling:',
        '  - { api: /chats/1.0.0, frames: 100, per: minute }',
        '  - api: /chats',
        '    topic: /rooms/{roomID}',
        '    frames: 5',
        '    per: second',
      ].join('\n'),
      'gw.yaml',
    );
    assert.deepEqual(reading.kind === 'ok' ? reading.config.throttling : reading.message, [
      { api: '/chats/1.0.0', frames: 100, per: 'minute' },
      { api: '/chats', topic: '/rooms/{roomID}', frames: 5, per: 'second' },
    ]);
  });

  for (const { text, message } of [
    { text: 'throttling: {api: /chats}', message: /^gw\.yaml: throttling: must be a list of entries like/m },
    { text: 'throttling: [5]', message: /^gw\.yaml: throttling\[0\]: must be a mapping/m },
    {
      text: 'throttling: [{ api: chats, frames: 1, per: second }]',
      message:
        /^gw\.yaml: throttling\[0\]\.api: must be the API's \{context\}\/\{version\} or its context, starting with \//m,
    },
    {
      text: 'throttling: [{ api: /chats, frames: 1.5, per: second }]',
      message: /^gw\.yaml: throttling\[0\]\.frames: must be a whole number of frames, 0 or more/m,
    },
    {
      text: 'throttling: [{ api: /chats, frames: 1, per: week }]',
      message: /^gw\.yaml: throttling\[0\]\.per: must be one of second, minute, hour, day\.$/m,
    },
    {
      text: 'throttling: [{ api: /chats, frames: 1, per: second, Topic: /a }]',
      message: /^gw\.yaml: throttling\[0\]\.Topic: unknown key: did you mean throttling\[0\]\.topic\?$/m,
    },
    {
      text: 'throttling: [{ api: /chats, topic: 3, frames: 1, per: second }]',
      message: /^gw\.yaml: throttling\[0\]\.topic: must be a topic of the API/m,
    },
  ]) {
    test(`refuses ${text}`, () => {
      const reading = readGatewayConfig(`${text}\n`, 'gw.yaml');
      assert.equal(reading.kind, 'error');
      assert.match(reading.kind === 'error' ? reading.message : '', message);
    });
  }
});
