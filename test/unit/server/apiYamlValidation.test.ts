import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { doValidation } from '../../../server/src/service/validation';

const API_YAML = (data: string): string => `type: api
version: v4.1.0
data:
  name: Chats
  version: 1.0.0
  type: WS
${data}`;

const ENDPOINT = `  endpointConfig:
    endpoint_type: ws
    production_endpoints:
      url: ws://localhost:8080
`;

/** The codes of the diagnostics and the text each one covers. */
function check(uri: string, text: string): Array<[string, string]> {
  const document = TextDocument.create(uri, 'yaml', 1, text);
  return doValidation(document).diagnostics.map((d) => [
    String(d.code),
    text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end)),
  ]);
}

suite("doValidation: a WSO2 project's api.yaml", () => {
  const uri = 'file:///work/Chats-1.0.0/api.yaml';

  test('a complete WS api.yaml is clean', () => {
    assert.deepEqual(check(uri, API_YAML(`  context: /chats\n${ENDPOINT}`)), []);
  });

  const cases: ReadonlyArray<readonly [string, string, Array<[string, string]>]> = [
    ['a context without a leading slash', `  context: chats\n${ENDPOINT}`, [['wso2-context-slash', 'chats']]],
    [
      '{version} inside a segment',
      `  context: /chats-{version}\n${ENDPOINT}`,
      [['wso2-context-version', '/chats-{version}']],
    ],
    [
      '{version} twice',
      `  context: /{version}/{version}\n${ENDPOINT}`,
      [['wso2-context-version', '/{version}/{version}']],
    ],
    [
      'an http endpoint',
      `  context: /chats\n${ENDPOINT.replace('endpoint_type: ws', 'endpoint_type: http')}`,
      [['wso2-endpoint-type', 'http']],
    ],
    [
      'a non-WebSocket endpoint URL',
      `  context: /chats\n${ENDPOINT.replace('ws://localhost:8080', 'http://localhost:8080')}`,
      [['wso2-endpoint-url', 'http://localhost:8080']],
    ],
    ['a missing context, reported on the data key', ENDPOINT, [['wso2-missing-field', 'data']]],
    [
      'a mistyped security scheme, with what it meant',
      `  context: /chats\n  securityScheme:\n    - oauth2\n    - api_ky\n${ENDPOINT}`,
      [['wso2-security-scheme', 'api_ky']],
    ],
    [
      'basic auth, which does not secure a WebSocket API',
      `  context: /chats\n  securityScheme: [basic_auth, api_key]\n${ENDPOINT}`,
      [['wso2-security-scheme', 'basic_auth']],
    ],
    [
      'a REST subscription policy instead of an Async one',
      `  context: /chats\n  policies:\n    - AsyncUnlimited\n    - Gold\n${ENDPOINT}`,
      [['wso2-throttling-policy', 'Gold']],
    ],
    [
      'the security schemes and policy WSO2 writes for a WebSocket API',
      `  context: /chats\n  policies: [AsyncUnlimited]\n  securityScheme: [oauth2, oauth_basic_auth_api_key_mandatory, api_key]\n${ENDPOINT}`,
      [],
    ],
  ];
  for (const [name, data, expected] of cases) {
    test(name, () => assert.deepEqual(check(uri, API_YAML(data)), expected));
  }

  test("a mistyped security scheme's message names what it most likely meant and the accepted values", () => {
    const text = API_YAML(`  context: /chats\n  securityScheme: [api_ky]\n${ENDPOINT}`);
    const [diagnostic] = doValidation(TextDocument.create(uri, 'yaml', 1, text)).diagnostics;
    assert.equal(
      diagnostic?.message,
      "'api_ky' is not a security scheme WSO2 knows: did you mean 'api_key'? Use oauth2, api_key or oauth_basic_auth_api_key_mandatory.",
    );
  });

  test('a YAML file named otherwise is not read as api.yaml', () => {
    assert.deepEqual(check('file:///work/other.yaml', API_YAML('  context: chats\n')), []);
  });
});

suite("doValidation: a WSO2 project's AsyncAPI definition", () => {
  test('Definitions/asyncapi.yaml gets the WSO2 rules even without WSO2 extensions', () => {
    const text =
      'asyncapi: 2.0.0\ninfo: {title: Chats, version: 1.0.0}\nchannels:\n  notifications:\n    subscribe: {}\n';
    assert.deepEqual(check('file:///work/Chats-1.0.0/Definitions/asyncapi.yaml', text), [
      ['topic-leading-slash', 'notifications'],
    ]);
    assert.deepEqual(check('file:///work/elsewhere/asyncapi.yaml', text), []);
  });
});

suite('doValidation: api.json, however it is laid out', () => {
  const uri = 'file:///work/Chats-1.0.0/api.json';
  const data = {
    name: 'Chats',
    version: '1.0.0',
    type: 'WS',
    endpointConfig: { endpoint_type: 'ws', production_endpoints: { url: 'ws://localhost:8080' } },
  };
  const root = { type: 'api', version: 'v4.1.0', data };

  // The descriptor test was a regex for `"type": "api"` at column 0: an indented or one-line api.json got nothing.
  for (const [layout, text] of [
    ['indented by two spaces', JSON.stringify(root, null, 2)],
    ['indented by a tab', JSON.stringify(root, null, '\t')],
    ['on one line', JSON.stringify(root)],
  ] as const) {
    test(`${layout}: its missing context is reported`, () => {
      const document = TextDocument.create(uri, 'json', 1, text);
      assert.deepEqual(
        doValidation(document).diagnostics.map((diagnostic) => diagnostic.code),
        ['wso2-missing-field'],
      );
    });
  }

  test('an api.json that is not an apictl descriptor (no type: api) is not checked as one', () => {
    const document = TextDocument.create(uri, 'json', 1, JSON.stringify({ name: 'x' }, null, 2));
    assert.deepEqual(doValidation(document).diagnostics, []);
  });
});
