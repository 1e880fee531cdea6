import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import specs from '@asyncapi/specs';
import { suite, test } from 'node:test';

import {
  assistDocument,
  type AssistEnvironment,
  doHover,
  indexDocument,
  specVersionFor,
} from '../../../core/src/language';
import { REPO_ROOT } from '../../support/paths';
import { takeMarker } from '../../support/positions';

const SCHEMAS: Record<string, unknown> = specs.schemas;
const EXAMPLE = join(REPO_ROOT, 'examples', 'chat-api');
/** The example project with the endpoint of docs/wso2.md's sample. */
const API_YAML = readFileSync(join(EXAMPLE, 'api.yaml'), 'utf8').replace(
  /production_endpoints:\n(\s+)url: ws:\/\/localhost:8080/,
  'production_endpoints:\n$1url: ws://ws.ifelse.io:80',
);
const DEFINITION = readFileSync(join(EXAMPLE, 'Definitions', 'asyncapi.yaml'), 'utf8');

function hover(
  marked: string,
  uri: string,
  sibling?: { uri: string; text: string },
  gateway?: { url: string; tlsUrl?: string },
): string | undefined {
  const { text, offset } = takeMarker(marked, '¦');
  const document = assistDocument(uri, indexDocument(text, uri.endsWith('.json') ? 'json' : 'yaml'));
  assert.ok(document);
  const environment: AssistEnvironment = {
    asyncApiSchema: (version) => SCHEMAS[specVersionFor(version, Object.keys(SCHEMAS)) ?? ''],
    readFile: (other) =>
      other === 'file:///w/common.yaml'
        ? 'components:\n  schemas:\n    Id:\n      type: string\n'
        : undefined,
    ...(sibling !== undefined && { projectSibling: () => sibling }),
    ...(gateway !== undefined && { gateway: () => gateway }),
  };
  return doHover(document, offset, environment)?.markdown;
}

const mark = (text: string, needle: string, at = 1): string => {
  const index = text.indexOf(needle);
  assert.notEqual(index, -1, needle);
  return `${text.slice(0, index + at)}¦${text.slice(index + at)}`;
};

suite('hover as data', () => {
  test('a topic of a WSO2 project: the client URL through the gateway and the backend URL it maps to', () => {
    const markdown = hover(mark(DEFINITION, '/rooms/{roomID}:'), 'file:///p/Definitions/asyncapi.yaml', {
      uri: 'file:///p/api.yaml',
      text: API_YAML,
    });
    assert.match(
      markdown ?? '',
      /ws:\/\/localhost:9099\/chats\/1\.0\.0\/rooms\/\{roomID\} -> ws:\/\/ws\.ifelse\.io:80\/rooms\?room=\{roomID\}/,
    );
    assert.match(markdown ?? '', /wss:\/\/localhost:8099\/chats\/1\.0\.0\/rooms\/\{roomID\} -> /);
  });

  test("with the editor's gateway running: its ws URL only, no wss line it has no listener for", () => {
    const markdown = hover(
      mark(DEFINITION, '/rooms/{roomID}:'),
      'file:///p/Definitions/asyncapi.yaml',
      { uri: 'file:///p/api.yaml', text: API_YAML },
      { url: 'ws://127.0.0.1:41234' },
    );
    assert.deepEqual(
      (markdown ?? '').split('\n').filter((line) => line.includes(' -> ')),
      ['ws://127.0.0.1:41234/chats/1.0.0/rooms/{roomID} -> ws://ws.ifelse.io:80/rooms?room={roomID}'],
    );
    assert.match(markdown ?? '', /Through the editor's gateway/);
  });

  test('the same topic from api.yaml, with {version} in the context and a default version', () => {
    const api = API_YAML.replace('context: /chats', 'context: /{version}/chats').replace(
      'isDefaultVersion: false',
      'isDefaultVersion: true',
    );
    const markdown = hover(mark(api, 'target: /rooms', 9), 'file:///p/api.yaml') ?? '';
    assert.deepEqual(
      markdown.split('\n').filter((line) => line.includes(' -> ')),
      [
        'ws://localhost:9099/1.0.0/chats/rooms/{roomID} -> ws://ws.ifelse.io:80/rooms?room={roomID}',
        'ws://localhost:9099/chats/rooms/{roomID} -> ws://ws.ifelse.io:80/rooms?room={roomID}',
        'wss://localhost:8099/1.0.0/chats/rooms/{roomID} -> ws://ws.ifelse.io:80/rooms?room={roomID}',
      ],
    );
  });

  test('a 3.x address outside a project: the ws server URL', () => {
    const text =
      'asyncapi: 3.0.0\nservers:\n  prod:\n    host: chat.example.com\n    pathname: /ws\n    protocol: wss\nchannels:\n  room:\n    address: /rooms/{id}\n';
    assert.match(
      hover(mark(text, '/rooms/{id}'), 'file:///w/a.yaml') ?? '',
      /wss:\/\/chat\.example\.com\/ws\/rooms\/\{id\} \(prod\)/,
    );
  });

  test("a key: the description of the document's version and a link to its section of the spec", () => {
    assert.equal(
      hover(mark(DEFINITION, 'protocol: ws'), 'file:///w/asyncapi.yaml'),
      '**protocol** (required)\n\nThe transfer protocol.\n\n' +
        '[the Server Object in AsyncAPI 2.0.0](https://www.asyncapi.com/docs/reference/specification/v2.0.0#serverObject)',
    );
    const v3 = 'asyncapi: 3.0.0\noperations:\n  op:\n    action: send\n';
    assert.match(
      hover(mark(v3, 'action'), 'file:///w/a.yaml') ?? '',
      /send and receive[\s\S]*v3\.0\.0#operationObject\)$/,
    );
  });

  test('a WSO2 extension key', () => {
    assert.match(
      hover(mark(DEFINITION, 'x-auth-type'), 'file:///w/asyncapi.yaml') ?? '',
      /^\*\*x-auth-type\*\*\n\nWSO2: /,
    );
  });

  test('a $ref: a preview of its target, in the document and in another file', () => {
    const markdown =
      hover(mark(DEFINITION, "'#/components/messages/ChatMessage'", 3), 'file:///w/asyncapi.yaml') ?? '';
    assert.match(
      markdown,
      /^\*\*`#\/components\/messages\/ChatMessage`\*\*\n\n```yaml\nChatMessage:\n {2}name: ChatMessage\n {2}contentType: application\/json\n/,
    );
    const other =
      "asyncapi: 2.6.0\ncomponents:\n  schemas:\n    Room:\n      $ref: './common.yaml#/components/schemas/Id'\n";
    assert.equal(
      hover(mark(other, './common'), 'file:///w/a.yaml'),
      '**`./common.yaml#/components/schemas/Id`**\n\n```yaml\nId:\n  type: string\n```',
    );
    assert.match(
      hover(mark(other.replace('/Id', '/Nope'), './common'), 'file:///w/a.yaml') ?? '',
      /Nothing at #\/components\/schemas\/Nope in \.\/common\.yaml/,
    );
  });

  test('JSON documents too', () => {
    const text = '{"asyncapi": "3.0.0", "info": {"title": "x", "version": "1"}}';
    assert.match(
      hover(mark(text, '"title"', 2), 'file:///w/a.json') ?? '',
      /^\*\*title\*\* \(required\)[\s\S]*#infoObject\)$/,
    );
  });
});
