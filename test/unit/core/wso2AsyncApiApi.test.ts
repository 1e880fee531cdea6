import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { parseDocument } from '../../../core/src/document';
import { contextOfTitle, readAsyncApiApi, webSocketEndpoints } from '../../../core/src/wso2';

/** What a reading gives, in brief: the API's fields and each topic as [name, verbs, authType, uriMapping]. */
function brief(text: string): unknown {
  const reading = readAsyncApiApi(parseDocument(text, 'yaml'));
  if (reading.kind !== 'ws') {
    return { problems: reading.problems.map((problem) => problem.message) };
  }
  const { name, context, version, isDefaultVersion, endpoints, securityScheme, topics } = reading.api;
  return {
    name,
    context,
    version,
    isDefaultVersion,
    endpoints,
    securityScheme,
    topics: topics.map((topic) => [topic.name, topic.verbs.join(' '), topic.authType, topic.uriMapping]),
  };
}

const ROOMS_2 = `channels:
  /rooms/{roomId}:
    subscribe: { message: { payload: { type: string } } }
    publish: { message: { payload: { type: string } } }
`;

suite('readAsyncApiApi: an AsyncAPI document served without api.yaml', () => {
  const cases: ReadonlyArray<{ name: string; text: string; expected: unknown }> = [
    {
      name: '2.x: title slug, first ws server url, channel key as mapping, None auth',
      text: `asyncapi: 2.6.0
info: { title: Chat API, version: 1.0.0 }
servers:
  broker: { url: 'mqtt://localhost:1883', protocol: mqtt }
  main: { url: 'ws://localhost:8080/chat/', protocol: ws }
${ROOMS_2}`,
      expected: {
        name: 'Chat API',
        context: '/chat-api',
        version: '1.0.0',
        isDefaultVersion: false,
        endpoints: { production: 'ws://localhost:8080/chat' },
        securityScheme: [],
        topics: [['/rooms/{roomId}', 'SUBSCRIBE PUBLISH', 'None', '/rooms/{uri.var.roomId}']],
      },
    },
    {
      name: '3.0: host + pathname + protocol, channel address as mapping, x-wso2-basePath with the version',
      text: `asyncapi: 3.0.0
info: { title: Market Feed, version: '2.1' }
x-wso2-basePath: /markets/2.1/
servers:
  local: { host: 'localhost:{port}', pathname: feed, protocol: wss, variables: { port: { enum: ['8443', '9443'] } } }
channels:
  prices: { address: 'prices/{symbol}' }
  control: { address: null }
operations:
  receivePrices: { action: receive, channel: { $ref: '#/channels/prices' } }
  sendControl: { action: send, channel: { $ref: '#/channels/control' } }
`,
      expected: {
        name: 'Market Feed',
        context: '/markets',
        version: '2.1',
        isDefaultVersion: false,
        endpoints: { production: 'wss://localhost:8443/feed' },
        securityScheme: [],
        topics: [
          ['prices/{symbol}', 'SUBSCRIBE', 'None', '/prices/{uri.var.symbol}'],
          ['control', 'PUBLISH', 'None', undefined],
        ],
      },
    },
    {
      name: 'WSO2 extensions: x-uri-mapping and x-auth-type kept, /* unmapped, production and sandbox servers',
      text: `asyncapi: 2.0.0
info: { title: Chats, version: 1.0.0 }
x-wso2-basePath: /chats/{version}
servers:
  sandbox: { url: 'ws://localhost:8081', protocol: ws }
  production: { url: 'localhost:8080', protocol: ws }
channels:
  /rooms/{roomId}:
    x-auth-type: Any
    subscribe: { x-uri-mapping: '/rooms?room={uri.var.roomId}' }
  /*:
    publish: {}
components:
  securitySchemes:
    oauth2: { type: oauth2, flows: {} }
    key: { type: httpApiKey, name: apikey, in: header }
    bearer: { type: http, scheme: bearer }
`,
      expected: {
        name: 'Chats',
        context: '/chats/{version}',
        version: '1.0.0',
        isDefaultVersion: false,
        endpoints: { production: 'ws://localhost:8080', sandbox: 'ws://localhost:8081' },
        securityScheme: ['oauth2', 'api_key'],
        topics: [
          ['/rooms/{roomId}', 'SUBSCRIBE', 'Any', '/rooms?room={uri.var.roomId}'],
          ['/*', 'PUBLISH', 'None', undefined],
        ],
      },
    },
    {
      name: 'no ws or wss server: no endpoints (the gateway asks for a server or --mock)',
      text: `asyncapi: 2.6.0
info: { title: Sensors, version: 1 }
servers:
  broker: { url: 'mqtt://localhost:1883', protocol: mqtt }
  templated: { url: 'ws://{host}/x', protocol: ws }
${ROOMS_2}`,
      expected: {
        name: 'Sensors',
        context: '/sensors',
        version: '1',
        isDefaultVersion: false,
        endpoints: {},
        securityScheme: [],
        topics: [['/rooms/{roomId}', 'SUBSCRIBE PUBLISH', 'None', '/rooms/{uri.var.roomId}']],
      },
    },
    {
      name: 'no title, no version, no channels',
      text: 'asyncapi: 3.0.0\ninfo: {}\n',
      expected: {
        problems: [
          "info.title is missing: it is the API's name; add 'title:' under 'info:'.",
          "info.version is missing: it is the version in its URLs; add 'version:' under 'info:'.",
          'The definition has no channels: add one per topic, e.g. channels: { /notifications: { subscribe: ... } }.',
        ],
      },
    },
    {
      name: 'an unknown AsyncAPI version',
      text: `asyncapi: 1.2.0\ninfo: { title: Old, version: 1.0.0 }\n${ROOMS_2}`,
      expected: {
        problems: [
          "asyncapi '1.2.0' is not a version the gateway serves: use 2.x or 3.x, e.g. asyncapi: 3.0.0.",
        ],
      },
    },
    {
      name: 'a title with no letter or digit',
      text: `asyncapi: 2.6.0\ninfo: { title: '***', version: 1.0.0 }\n${ROOMS_2}`,
      expected: {
        problems: [
          "info.title '***' has no letter or digit to make the context of: add x-wso2-basePath: /my-api at the top level.",
        ],
      },
    },
    {
      name: 'a bad x-wso2-basePath',
      text: `asyncapi: 2.6.0\ninfo: { title: Chats, version: 1.0.0 }\nx-wso2-basePath: /a{version}/b\n${ROOMS_2}`,
      expected: {
        problems: [
          "'{version}' must be a whole path segment of the context, e.g. '/{version}/chats' or '/chats/{version}'.",
        ],
      },
    },
    {
      name: 'an x-wso2-basePath that is not a path',
      text: `asyncapi: 2.6.0\ninfo: { title: Chats, version: 1.0.0 }\nx-wso2-basePath: [a]\n${ROOMS_2}`,
      expected: {
        problems: ["x-wso2-basePath is the API's context, a path such as /chats (or /chats/{version})."],
      },
    },
  ];
  for (const { name, text, expected } of cases) {
    test(name, () => {
      assert.deepEqual(brief(text), expected);
    });
  }

  test('the document itself is the definition (validation and the mock read it)', () => {
    const text = `asyncapi: 2.6.0\ninfo: { title: Chats, version: 1.0.0 }\n${ROOMS_2}`;
    const reading = readAsyncApiApi(parseDocument(text, 'yaml'));
    assert.equal(reading.kind === 'ws' && reading.api.definitionRoot?.asyncapi, '2.6.0');
  });
});

suite('contextOfTitle', () => {
  for (const [title, context] of [
    ['Chat API', '/chat-api'],
    ['  Crème Brûlée: Orders (v2) ', '/creme-brulee-orders-v2'],
    ['gemini_market-data', '/gemini-market-data'],
    ['日本', ''],
  ] as const) {
    test(`${JSON.stringify(title)} → ${JSON.stringify(context)}`, () => {
      assert.equal(contextOfTitle(title), context);
    });
  }
});

suite('webSocketEndpoints', () => {
  const cases: ReadonlyArray<{ name: string; servers: unknown; expected: unknown }> = [
    { name: 'no servers', servers: undefined, expected: {} },
    {
      name: 'a 2.x url without a scheme takes the protocol',
      servers: { a: { url: 'api.gemini.com', protocol: 'wss' } },
      expected: { production: 'wss://api.gemini.com' },
    },
    {
      name: 'protocol case is ignored; variables take their default',
      servers: {
        a: {
          url: 'ws://{host}:{port}',
          protocol: 'WS',
          variables: { host: { default: 'h' }, port: { default: 81 } },
        },
      },
      expected: { production: 'ws://h:81' },
    },
    {
      name: 'a sandbox alone is production too',
      servers: { sandbox: { host: 'localhost:1', protocol: 'ws' } },
      expected: { production: 'ws://localhost:1' },
    },
    {
      name: 'the first ws server wins over later ones; http servers are skipped',
      servers: {
        web: { url: 'https://example.com', protocol: 'https' },
        one: { url: 'ws://one', protocol: 'ws' },
        two: { url: 'ws://two', protocol: 'ws' },
      },
      expected: { production: 'ws://one' },
    },
  ];
  for (const { name, servers, expected } of cases) {
    test(name, () => {
      assert.deepEqual(webSocketEndpoints(servers === undefined ? {} : { servers }), expected);
    });
  }
});
