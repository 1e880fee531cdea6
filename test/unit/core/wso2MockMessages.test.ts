import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import { parseDocument } from '../../../core/src/document';
import { readAsyncApiTopics, type ApiTopic, type WsApi } from '../../../core/src/wso2';
import { MockPlan, type MockAnswer, type MockPayload } from '../../../core/src/wso2/mockMessages';
import { CORPUS_DIR, REPO_ROOT } from '../../support/paths';

const PROJECTS = join(REPO_ROOT, 'test', 'fixtures', 'projects');

/** An AsyncAPI document read as the gateway reads an API whose topics are its channels. */
function mockedApi(path: string): { api: WsApi; plan: MockPlan; topic: (name: string) => ApiTopic } {
  return mockedText(readFileSync(path, 'utf8'));
}

function mockedText(text: string): { api: WsApi; plan: MockPlan; topic: (name: string) => ApiTopic } {
  const root = parseDocument(text, 'yaml').root as Record<string, unknown>;
  const api: WsApi = {
    name: 'Mocked',
    context: '/mocked',
    version: '1.0.0',
    isDefaultVersion: false,
    endpoints: {},
    securityScheme: [],
    topics: readAsyncApiTopics(root),
    definitionRoot: root,
  };
  const topic = (name: string): ApiTopic => {
    const found = api.topics.find((candidate) => candidate.name === name);
    assert.ok(found, `topic ${name}`);
    return found;
  };
  return { api, plan: new MockPlan(api), topic };
}

/** Checks a payload against the schema at a pointer of the document, as the gateway's validation would. */
function validates(api: WsApi, pointer: string, payload: unknown): boolean {
  const ajv = new Ajv({ strict: false, logger: false });
  addFormats(ajv);
  ajv.addSchema(api.definitionRoot ?? {}, 'urn:wsapi:test');
  return ajv.compile({ $ref: `urn:wsapi:test${pointer}` })(payload) === true;
}

const SAMPLE_READING = {
  sensor: '6a1a3643-0e90-4d10-80ea-f068354ca8a5',
  at: '2019-08-24T14:15:22Z',
  level: 'info',
  values: [1, 1],
  unit: 'AA',
};

suite('MockPlan: what the mock sends on a SUBSCRIBE topic (AsyncAPI 2)', () => {
  const { api, plan, topic } = mockedApi(join(PROJECTS, 'mock-generated', 'Definitions', 'asyncapi.yaml'));
  const cases: ReadonlyArray<{ name: string; topic: string; sends: MockPayload[] }> = [
    {
      name: 'the examples of a message that has them, in order',
      topic: '/notes',
      sends: [
        { message: 'Note', payload: { text: 'first' }, generated: false },
        { message: 'Note', payload: { text: 'second' }, generated: false },
      ],
    },
    {
      name: 'a sample of the payload schema ($refs, uuid, date-time, enum, array, pattern) when there is no example',
      topic: '/readings',
      sends: [{ message: 'Reading', payload: SAMPLE_READING, generated: true }],
    },
    {
      name: 'each oneOf alternative in turn: its example, else a sample',
      topic: '/alerts',
      sends: [
        { message: 'Alert', payload: { level: 'warn' }, generated: false },
        { message: 'Reading', payload: SAMPLE_READING, generated: true },
      ],
    },
    { name: 'nothing for an Avro payload without examples', topic: '/ticks', sends: [] },
    { name: 'nothing on a topic clients only publish to', topic: '/commands', sends: [] },
  ];
  for (const entry of cases) {
    test(entry.name, () => {
      assert.deepEqual(plan.sendsOf(topic(entry.topic)), entry.sends);
    });
  }

  test('the generated sample is valid against its payload schema', () => {
    const pointer = topic('/readings').messages?.find(
      (message) => message.verb === 'SUBSCRIBE',
    )?.payloadPointer;
    assert.equal(pointer, '#/components/schemas/Reading');
    const [sent] = plan.sendsOf(topic('/readings'));
    assert.equal(sent?.generated, true);
    assert.equal(validates(api, pointer, sent.payload), true);
  });

  test('AsyncAPI 2 has no request/reply: every frame is echoed', () => {
    assert.deepEqual(topic('/readings').mock?.replies, []);
    assert.equal(plan.answer(topic('/readings'), '"hello"'), undefined);
    assert.deepEqual(plan.problems, []);
  });
});

suite('MockPlan: AsyncAPI 3 (receive is SUBSCRIBE, send is PUBLISH) and request/reply', () => {
  const { api, plan, topic } = mockedApi(join(PROJECTS, 'mock-reply', 'Definitions', 'asyncapi.yaml'));

  test('reads the reply operations of a topic: requests and replies, $refs to components.replies followed', () => {
    const prices = topic('/prices');
    assert.deepEqual(prices.verbs, ['SUBSCRIBE', 'PUBLISH']);
    assert.deepEqual(
      prices.mock?.replies.map((reply) => [
        reply.operation,
        reply.requests.map((message) => message.name),
        reply.replies.map((message) => message.name),
      ]),
      [
        ['askQuote', ['Quote'], ['Price', 'QuoteReply']],
        ['manage', ['Subscribe', 'Unsubscribe'], ['Subscribed', 'Unsubscribed']],
      ],
    );
    assert.deepEqual(
      prices.mock?.replies[0]?.requests.map((message) => message.correlationPointer),
      ['/reqid'],
    );
  });

  test('sends the messages of receive operations only (send operations are what clients publish)', () => {
    assert.deepEqual(plan.sendsOf(topic('/prices')), [
      { message: 'Price', payload: { symbol: 'ACME', price: 12.5 }, generated: false },
    ]);
  });

  test('reply messages are validated as what the backend sends (SUBSCRIBE)', () => {
    assert.deepEqual(
      topic('/prices').messages?.map((message) => `${message.verb} ${message.name ?? '?'}`),
      [
        'PUBLISH Watch',
        'PUBLISH Quote',
        'PUBLISH Subscribe',
        'PUBLISH Unsubscribe',
        'SUBSCRIBE Price',
        'SUBSCRIBE QuoteReply',
        'SUBSCRIBE Subscribed',
        'SUBSCRIBE Unsubscribed',
      ],
    );
  });

  const answers: ReadonlyArray<{
    name: string;
    topic: string;
    frame: string;
    answer: MockAnswer | undefined;
  }> = [
    {
      name: 'a request is answered with the reply sharing its correlationId, the request id copied in',
      topic: '/prices',
      frame: '{"quote":"ACME","reqid":7}',
      answer: {
        operation: 'askQuote',
        message: 'QuoteReply',
        payload: { symbol: 'ACME', bid: 0, ask: 0, at: '2019-08-24T14:15:22Z', reqid: 7 },
        generated: true,
      },
    },
    {
      name: 'as many replies as requests: the reply at the request position (second request)',
      topic: '/prices',
      frame: '{"event":"unsubscribe"}',
      answer: {
        operation: 'manage',
        message: 'Unsubscribed',
        payload: { status: 'unsubscribed' },
        generated: true,
      },
    },
    {
      name: 'as many replies as requests: the reply at the request position (first request)',
      topic: '/prices',
      frame: '{"event":"subscribe"}',
      answer: {
        operation: 'manage',
        message: 'Subscribed',
        payload: { status: 'subscribed' },
        generated: true,
      },
    },
    {
      name: 'a frame that matches no request is not answered (echoed)',
      topic: '/prices',
      frame: '{"watch":"ACME"}',
      answer: undefined,
    },
    {
      name: 'a frame that is not JSON is not answered when every request has an object schema',
      topic: '/prices',
      frame: 'hello',
      answer: undefined,
    },
    {
      name: 'reply without messages: the messages of reply.channel',
      topic: '/acks',
      frame: '{"ok":true}',
      answer: { operation: 'ping', message: 'Ack', payload: { ok: true }, generated: true },
    },
  ];
  for (const entry of answers) {
    test(entry.name, () => {
      assert.deepEqual(plan.answer(topic(entry.topic), entry.frame), entry.answer);
    });
  }

  test('generated replies are valid against their schemas', () => {
    const answer = plan.answer(topic('/prices'), '{"quote":"ACME","reqid":7}');
    assert.equal(validates(api, '#/components/messages/QuoteReply/payload', answer?.payload), true);
    assert.deepEqual(plan.problems, []);
  });
});

suite('MockPlan on the AsyncAPI 3.0 Kraken request/reply example (corpus)', () => {
  const { plan, topic } = mockedApi(
    join(
      CORPUS_DIR,
      'spec-examples',
      'asyncapi__spec@v3.0.0__examples__kraken-websocket-request-reply-message-filter-in-reply-asyncapi.yml',
    ),
  );

  test('ping is answered with pong carrying the same reqid', () => {
    assert.deepEqual(plan.answer(topic('/'), '{"event":"ping","reqid":42}'), {
      operation: 'receivePing',
      message: 'pong',
      payload: { event: 'pong', reqid: 42 },
      generated: true,
    });
  });

  test('unsubscribe is answered with the first example of subscriptionStatus, as it is (it has no correlationId)', () => {
    const answer = plan.answer(
      topic('/'),
      '{"event":"unsubscribe","reqid":3,"subscription":{"name":"ohlc"}}',
    );
    assert.equal(answer?.operation, 'receiveUnsubscribeRequest');
    assert.equal(answer.message, 'subscriptionStatus');
    assert.equal(answer.generated, false);
    assert.deepEqual(answer.payload, {
      channelID: 10001,
      channelName: 'ohlc-5',
      event: 'subscriptionStatus',
      pair: 'XBT/EUR',
      reqid: 42,
      status: 'unsubscribed',
      subscription: { interval: 5, name: 'ohlc' },
    });
  });

  test('the requests clients make are not sent by the mock', () => {
    assert.deepEqual(plan.sendsOf(topic('/')), []);
  });
});

suite('MockPlan: edge cases', () => {
  test('AsyncAPI 3: the messages of every receive operation of a channel are sent', () => {
    const { plan, topic } = mockedText(`asyncapi: 3.0.0
channels:
  feed:
    address: /feed
    messages:
      A: { payload: { const: a } }
      B: { payload: { const: b } }
operations:
  receiveA: { action: receive, channel: { $ref: '#/channels/feed' }, messages: [{ $ref: '#/channels/feed/messages/A' }] }
  receiveB: { action: receive, channel: { $ref: '#/channels/feed' }, messages: [{ $ref: '#/channels/feed/messages/B' }] }
`);
    assert.deepEqual(
      plan.sendsOf(topic('/feed')).map((sent) => sent.payload),
      ['a', 'b'],
    );
  });

  test('a request without a JSON Schema payload (Avro) takes any frame; its reply is answered', () => {
    const { plan, topic } = mockedText(`asyncapi: 3.0.0
channels:
  rpc:
    address: /rpc
    messages:
      Call:
        payload: { schemaFormat: application/vnd.apache.avro;version=1.9.0, schema: { type: string } }
      Result:
        payload: { type: object, required: [done], properties: { done: { type: boolean } } }
operations:
  call:
    action: send
    channel: { $ref: '#/channels/rpc' }
    messages: [{ $ref: '#/channels/rpc/messages/Call' }]
    reply: { messages: [{ $ref: '#/channels/rpc/messages/Result' }] }
`);
    assert.deepEqual(plan.answer(topic('/rpc'), 'anything at all'), {
      operation: 'call',
      message: 'Result',
      payload: { done: true },
      generated: true,
    });
  });

  test('a payload schema that cannot be sampled (a $ref to another file) sends nothing and says why', () => {
    const { plan, topic } = mockedText(`asyncapi: 2.6.0
channels:
  /elsewhere:
    subscribe:
      message:
        name: Remote
        payload: { $ref: 'schemas.yaml#/Remote' }
`);
    assert.deepEqual(plan.sendsOf(topic('/elsewhere')), []);
    assert.equal(plan.problems.length, 1);
    assert.match(
      plan.problems[0] ?? '',
      /^Mocked 1\.0\.0: no sample can be made from the payload schema at #\/channels\/~1elsewhere\/subscribe\/message\/payload, the mock does not send it: /,
    );
  });
});
