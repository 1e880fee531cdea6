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
  ];
  for (const [name, data, expected] of cases) {
    test(name, () => assert.deepEqual(check(uri, API_YAML(data)), expected));
  }

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
