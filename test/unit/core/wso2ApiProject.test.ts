import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { parseDocument } from '../../../core/src/document';
import { readApiProject, readAsyncApiTopics, type ApiProjectReading } from '../../../core/src/wso2';
import { apiYamlText, ROOM_SUBSCRIBE } from '../../support/apiYamlFixture';

const API_YAML = apiYamlText({
  context: '/chats/',
  more: ['isDefaultVersion: true', 'securityScheme: [oauth2, oauth_basic_auth_api_key_mandatory]'],
  sandbox: 'ws://localhost:8081',
  operations: [ROOM_SUBSCRIBE, { ...ROOM_SUBSCRIBE, verb: 'publish' }, { target: '/*', verb: 'SUBSCRIBE' }],
});

const ASYNCAPI_2 = `asyncapi: 2.0.0
info: { title: Chats, version: 1.0.0 }
channels:
  /rooms/{roomID}:
    x-auth-type: None
    subscribe:
      x-uri-mapping: /channels-say-this
      message:
        oneOf:
          - $ref: '#/components/messages/Joined'
          - payload: { type: string, examples: [hi, ho] }
    publish:
      x-uri-mapping: /channels-say-this
  /notifications:
    subscribe:
      message:
        payload: { type: object, example: { n: 1 } }
components:
  messages:
    Joined:
      examples:
        - payload: { user: alice }
`;

function read(api: string, asyncApi?: string, format: 'yaml' | 'json' = 'yaml'): ApiProjectReading {
  return readApiProject(
    parseDocument(api, format),
    asyncApi === undefined ? undefined : parseDocument(asyncApi, 'yaml'),
  );
}

function messages(reading: ApiProjectReading): string[] {
  return reading.problems.map(
    (problem) => `${problem.file} ${problem.severity} ${problem.code}: ${problem.message}`,
  );
}

suite('readApiProject', () => {
  test('builds the API from api.yaml operations, with examples and auth type from the AsyncAPI', () => {
    const reading = read(API_YAML, ASYNCAPI_2);
    assert.deepEqual(messages(reading), []);
    assert.equal(reading.kind, 'ws');
    const { definitionRoot, ...api } = reading.kind === 'ws' ? reading.api : { definitionRoot: undefined };
    assert.equal(definitionRoot?.asyncapi, '2.0.0');
    assert.deepEqual(api, {
      wso2Version: 'v4.1.0',
      name: 'Chats',
      context: '/chats',
      version: '1.0.0',
      isDefaultVersion: true,
      endpoints: { production: 'ws://localhost:8080', sandbox: 'ws://localhost:8081' },
      securityScheme: ['oauth2', 'oauth_basic_auth_api_key_mandatory'],
      topics: [
        {
          name: '/rooms/{roomID}',
          verbs: ['SUBSCRIBE', 'PUBLISH'],
          uriMapping: '/rooms?room={uri.var.roomID}',
          authType: 'None',
          examples: [{ user: 'alice' }, 'hi', 'ho'],
          messages: [
            {
              verb: 'SUBSCRIBE',
              payloadPointer: '#/channels/~1rooms~1%7BroomID%7D/subscribe/message/oneOf/1/payload',
            },
          ],
          mock: {
            sends: [
              { name: 'Joined', examples: [{ user: 'alice' }] },
              {
                examples: ['hi', 'ho'],
                payloadPointer: '#/channels/~1rooms~1%7BroomID%7D/subscribe/message/oneOf/1/payload',
              },
            ],
            replies: [],
          },
        },
        { name: '/*', verbs: ['SUBSCRIBE'], examples: [] },
      ],
    });
  });

  test('takes the topics from the AsyncAPI channels when operations are empty', () => {
    const reading = read(API_YAML.replace(/ {2}operations:[\s\S]*$/, '  operations: []\n'), ASYNCAPI_2);
    assert.equal(reading.kind, 'ws');
    const topics = reading.kind === 'ws' ? reading.api.topics : [];
    assert.deepEqual(
      topics.map((topic) => [topic.name, topic.verbs, topic.uriMapping, topic.examples]),
      [
        ['/rooms/{roomID}', ['SUBSCRIBE', 'PUBLISH'], '/channels-say-this', [{ user: 'alice' }, 'hi', 'ho']],
        ['/notifications', ['SUBSCRIBE'], undefined, [{ n: 1 }]],
      ],
    );
  });

  test('reads api.json too', () => {
    const json = JSON.stringify({
      type: 'api',
      data: {
        name: 'J',
        context: '/j',
        version: 2,
        type: 'WS',
        endpointConfig: { endpoint_type: 'ws', sandbox_endpoints: [{ url: 'wss://s:443/x' }] },
        operations: [{ target: '/*', verb: 'PUBLISH' }],
      },
    });
    const reading = read(json, '{}', 'json');
    assert.equal(reading.kind, 'ws');
    assert.deepEqual(reading.kind === 'ws' && [reading.api.version, reading.api.endpoints], [
      '2',
      { sandbox: 'wss://s:443/x' },
    ]);
  });

  test('a non-WS API is told apart, not rejected', () => {
    const reading = read('type: api\ndata:\n  type: HTTP\n  name: Pizza\n');
    assert.deepEqual(reading, { kind: 'not-ws', type: 'HTTP', problems: [] });
  });

  const errors: ReadonlyArray<[what: string, edit: (text: string) => string, message: string]> = [
    [
      'a missing context',
      (t) => t.replace('  context: /chats/\n', ''),
      "api error wso2-missing-field: data.context is missing: add 'context:' under 'data:'.",
    ],
    [
      'a missing version',
      (t) => t.replace('  version: 1.0.0\n', ''),
      "api error wso2-missing-field: data.version is missing: add 'version:' under 'data:'.",
    ],
    [
      'an endpoint type that is neither ws nor http',
      (t) => t.replace('endpoint_type: ws', 'endpoint_type: address'),
      "api error wso2-endpoint-type: endpointConfig.endpoint_type must be 'ws' for a WebSocket API, not 'address'.",
    ],
    [
      'an http endpoint URL',
      (t) => t.replace('ws://localhost:8080', 'http://localhost:8080'),
      "api error wso2-endpoint-url: production_endpoints.url must be a ws:// or wss:// URL such as ws://localhost:8080, not 'http://localhost:8080'.",
    ],
    [
      'a wrong verb',
      (t) => t.replace('verb: publish', 'verb: GET'),
      "api error wso2-operation-verb: verb must be SUBSCRIBE or PUBLISH, not 'GET'.",
    ],
    [
      'no type: api',
      (t) => t.replace('type: api', 'type: apis'),
      "api error wso2-not-api-project: api.yaml must have 'type: api' and a 'data' mapping.",
    ],
    [
      'a mapping variable the topic lacks',
      (t) => t.replace('room={uri.var.roomID}\n    - target: /*', 'room={uri.var.id}\n    - target: /*'),
      'api error wso2-mapping-variable: The URL mapping of /rooms/{roomID} uses {uri.var.id} but the topic has no {id}: use one of {uri.var.roomID} or add it to the topic.',
    ],
  ];
  for (const [what, edit, message] of errors) {
    test(`${what} is an error naming the fix`, () => {
      const reading = read(edit(API_YAML), ASYNCAPI_2);
      assert.equal(reading.kind, 'invalid');
      assert.deepEqual(messages(reading), [message]);
    });
  }

  test('a 4.0-era export (endpoint_type http, policies [Unlimited]) is served, with a warning on each', () => {
    // WSO2 4.0 wrote both for WebSocket APIs; its gateway takes the endpoints' URLs whatever endpoint_type says
    // and its import takes any subscription policy of the tenant (docs/wso2.md 8.3).
    const old = API_YAML.replace('endpoint_type: ws', 'endpoint_type: http').replace(
      '  type: WS\n',
      '  type: WS\n  policies:\n    - Unlimited\n',
    );
    const reading = read(old, ASYNCAPI_2);
    assert.equal(reading.kind, 'ws');
    assert.deepEqual(messages(reading), [
      "api warning wso2-endpoint-type: endpoint_type 'http' is what WSO2 4.0 exported for WebSocket APIs; 4.1 and later write 'ws': set it to 'ws'.",
      "api warning wso2-throttling-policy: 'Unlimited' is a policy for REST APIs (WSO2 4.0 exported WebSocket APIs with it): streaming APIs get Async policies, e.g. 'AsyncUnlimited'.",
    ]);
  });

  test('problems point into the file', () => {
    const text = API_YAML.replace('endpoint_type: ws', 'endpoint_type: http');
    const [problem] = read(text, ASYNCAPI_2).problems;
    assert.equal(text.slice(problem?.start, problem?.end), 'http');
  });

  test('broken YAML is reported with the parser problems', () => {
    const reading = read('type: api\ndata:\n  name: [\n', ASYNCAPI_2);
    assert.equal(reading.kind, 'invalid');
    assert.ok(reading.problems.every((problem) => problem.code === 'yaml-syntax' && problem.file === 'api'));
    assert.ok(reading.problems.length > 0);
  });

  test('a missing AsyncAPI is a warning; no topics at all is an error', () => {
    assert.deepEqual(messages(read(API_YAML)), [
      'api warning wso2-no-asyncapi: Definitions/asyncapi.yaml is missing: WSO2 needs it.',
    ]);
    const none = read(
      API_YAML.replace(/ {2}operations:[\s\S]*$/, '  operations: []\n'),
      'asyncapi: 2.0.0\nchannels: {}\n',
    );
    assert.match(messages(none).join('\n'), /wso2-no-topics: The API has no topics/);
  });
});

suite('readAsyncApiTopics', () => {
  test('AsyncAPI 3: receive is SUBSCRIBE, send is PUBLISH; mapping from the operations', () => {
    const root = parseDocument(
      `asyncapi: 3.0.0
channels:
  rooms:
    address: /rooms/{id}
    x-auth-type: Any
    messages:
      Chat:
        examples:
          - payload: { text: hi }
operations:
  receive_rooms:
    action: receive
    channel: { $ref: '#/channels/rooms' }
    x-uri-mapping: /r?id={uri.var.id}
  send_rooms:
    action: send
    channel: { $ref: '#/channels/rooms' }
`,
      'yaml',
    ).root;
    assert.deepEqual(readAsyncApiTopics(root), [
      {
        name: '/rooms/{id}',
        verbs: ['SUBSCRIBE', 'PUBLISH'],
        uriMapping: '/r?id={uri.var.id}',
        authType: 'Any',
        examples: [{ text: 'hi' }],
        messages: [],
        mock: { sends: [{ name: 'Chat', examples: [{ text: 'hi' }] }], replies: [] },
      },
    ]);
  });

  test('anything that is not an AsyncAPI document has no topics', () => {
    assert.deepEqual([undefined, 3, [], {}, { channels: 'x' }].map(readAsyncApiTopics), [[], [], [], [], []]);
  });
});
