import assert from 'node:assert/strict';
import specs from '@asyncapi/specs';
import { suite, test } from 'node:test';

import {
  assistDocument,
  type AssistEnvironment,
  type CompletionEntry,
  doComplete,
  indexDocument,
  specVersionFor,
} from '../../../core/src/language';
import { takeMarker } from '../../support/positions';

const SCHEMAS: Record<string, unknown> = specs.schemas;

const COMMON = `      $ref: './common.yaml#/components/messages/Chat'`;
const FILES: Record<string, string> = {
  'file:///w/common.yaml': `components:\n  messages:\n    Chat:\n      payload:\n        type: string\n`,
  'file:///w/api.yaml': `type: api\ndata:\n  context: /chats\n`,
};

function environment(sibling?: { uri: string; text: string }): AssistEnvironment {
  return {
    asyncApiSchema: (version) => SCHEMAS[specVersionFor(version, Object.keys(SCHEMAS)) ?? ''],
    readFile: (uri) => FILES[uri],
    listDirectory: (uri) =>
      uri === 'file:///w/'
        ? [
            { name: 'asyncapi.yaml', directory: false },
            { name: 'common.yaml', directory: false },
            { name: 'notes.txt', directory: false },
            { name: 'schemas', directory: true },
          ]
        : undefined,
    ...(sibling !== undefined && { projectSibling: () => sibling }),
  };
}

/** Completes at the `|` of a marked text. */
function complete(
  marked: string,
  uri = 'file:///w/asyncapi.yaml',
  sibling?: { uri: string; text: string },
): CompletionEntry[] {
  const { text, offset } = takeMarker(marked);
  const document = assistDocument(uri, indexDocument(text, uri.endsWith('.json') ? 'json' : 'yaml'));
  assert.ok(document, 'an API document');
  return doComplete(document, offset, environment(sibling));
}

const labels = (entries: CompletionEntry[]): string[] =>
  [...entries].sort((a, b) => a.sortText.localeCompare(b.sortText)).map((entry) => entry.label);

interface Case {
  readonly name: string;
  readonly text: string;
  readonly uri?: string;
  /** The labels in sort order (exactly), or some that must be there. */
  readonly labels?: readonly string[];
  readonly includes?: readonly string[];
  readonly excludes?: readonly string[];
  /** label → the text it inserts */
  readonly inserts?: Readonly<Record<string, string>>;
}

const V3_SERVER = `asyncapi: 3.0.0
info:
  title: Chat
  version: 1.0.0
servers:
  production:
    host: chat.example.com
    protocol: wss
`;

const CASES: readonly Case[] = [
  {
    name: 'keys of a 3.x server on a half-typed line: required first, present ones left out',
    text: `asyncapi: 3.0.0\nservers:\n  prod:\n    host: x\n    proto|\n`,
    includes: ['protocol', 'pathname', 'bindings'],
    excludes: ['host', 'url'],
    inserts: { protocol: 'protocol: $1', bindings: 'bindings:\n  $1', tags: 'tags:\n  - $1' },
  },
  {
    name: 'the protocol of a WebSocket server is a choice of ws and wss',
    text: `asyncapi: 3.0.0\nservers:\n  prod:\n    host: ws.example.com\n    pathname: /ws\n    |\nchannels:\n  a:\n    address: /a\n    bindings:\n      ws: {}\n`,
    includes: ['protocol'],
    inserts: { protocol: 'protocol: ${1|ws,wss|}' },
  },
  {
    name: 'keys of a 2.x server are the 2.x ones (url, not host)',
    text: `asyncapi: 2.6.0\nservers:\n  prod:\n    |\n`,
    includes: ['url', 'protocol'],
    excludes: ['host', 'pathname'],
  },
  {
    name: 'the root keys of 3.0 with info required first',
    text: `asyncapi: 3.0.0\n|\n`,
    labels: ['info', 'channels', 'components', 'defaultContentType', 'id', 'operations', 'servers'],
  },
  {
    name: 'action of a 3.x operation: send and receive',
    text: `asyncapi: 3.0.0\noperations:\n  op:\n    action: |\n`,
    labels: ['send', 'receive'],
  },
  {
    name: 'protocol of a WebSocket server: ws and wss',
    text: `asyncapi: 2.6.0\nservers:\n  production:\n    url: ws://localhost\n    protocol: |\n`,
    labels: ['ws', 'wss'],
  },
  {
    name: 'x-auth-type: Any and None',
    text: `asyncapi: 2.0.0\nchannels:\n  /a:\n    x-auth-type: |\n    subscribe: {}\n`,
    labels: ['Any', 'None'],
  },
  {
    name: 'WSO2 keys of a 2.x operation beside the spec keys',
    text: `asyncapi: 2.0.0\nservers:\n  p:\n    url: ws://x\n    protocol: ws\nchannels:\n  /a:\n    subscribe:\n      |\n`,
    includes: ['x-uri-mapping', 'x-scopes', 'message', 'operationId'],
  },
  {
    name: 'topic parameters inside {uri.var.|}',
    text: `asyncapi: 2.0.0\nchannels:\n  /rooms/{roomID}/{lang}:\n    subscribe:\n      x-uri-mapping: /rooms?room={uri.var.|\n`,
    labels: ['uri.var.lang', 'uri.var.roomID'],
    inserts: { 'uri.var.roomID': 'uri.var.roomID}' },
  },
  {
    name: 'a 3.x channel reference on a broken flow line',
    text: `asyncapi: 3.0.0\nchannels:\n  room:\n    address: /rooms\noperations:\n  op:\n    action: send\n    channel: {$ref: '#/chan|\n`,
    labels: ['#/channels/room'],
    inserts: { '#/channels/room': "'#/channels/room'" },
  },
  {
    name: "server names in a 3.x channel's servers",
    text: `${V3_SERVER}channels:\n  room:\n    servers:\n      - $ref: '|'\n`,
    includes: ['#/servers/production', './common.yaml', './schemas/'],
    excludes: ['./asyncapi.yaml', './notes.txt'],
  },
  {
    name: 'components in another file',
    text: `asyncapi: 2.6.0\nchannels:\n  /a:\n    subscribe:\n      message:\n        $ref: './common.yaml#|'\n`,
    labels: ['./common.yaml#/components/messages/Chat'],
  },
  {
    name: 'message references offer only #/components/messages when there are some',
    text: `asyncapi: 2.6.0\nchannels:\n  /a:\n    subscribe:\n      message:\n        $ref: '#|'\ncomponents:\n  schemas:\n    S: {type: string}\n  messages:\n    M:\n${COMMON}\n`,
    labels: ['#/components/messages/M'],
  },
  {
    name: 'declared scopes in x-scopes',
    text: `asyncapi: 2.0.0\nchannels:\n  /a:\n    x-auth-type: Any\n    subscribe:\n      x-scopes:\n        - |\ncomponents:\n  securitySchemes:\n    oauth2:\n      type: oauth2\n      flows:\n        implicit:\n          authorizationUrl: http://localhost:9999\n          scopes:\n            creator: Creates rooms\n            reader: Reads\n`,
    labels: ['creator', 'reader'],
  },
  {
    name: 'JSON keys inside a half-typed quoted key',
    text: `{"asyncapi": "3.0.0", "operations": {"o": {"action": "send", "ch|"}}}`,
    uri: 'file:///w/asyncapi.json',
    includes: ['channel', 'messages'],
    excludes: ['action'],
    inserts: { channel: '"channel": { "\\$ref": "$1" }' },
  },
  {
    name: 'JSON enum values',
    text: `{"asyncapi": "3.0.0", "operations": {"o": {"action": "|"}}}`,
    uri: 'file:///w/asyncapi.json',
    labels: ['send', 'receive'],
    inserts: { send: '"send"' },
  },
  {
    name: 'an oauth2 security scheme offers flows, not the keys of other scheme types',
    text: `asyncapi: 2.6.0\ncomponents:\n  securitySchemes:\n    oauth2:\n      type: oauth2\n      |\n`,
    labels: ['flows', 'description'],
  },
  {
    name: 'api.yaml: operation verbs',
    text: `type: api\ndata:\n  operations:\n    - target: /a\n      verb: |\n`,
    uri: 'file:///w/api.yaml',
    labels: ['SUBSCRIBE', 'PUBLISH'],
  },
  {
    name: 'api.yaml: fields of an operation item',
    text: `type: api\ndata:\n  operations:\n    - target: /a\n      |\n`,
    uri: 'file:///w/api.yaml',
    includes: ['verb', 'uriMapping', 'authType'],
    excludes: ['target'],
  },
  {
    name: 'api.yaml: endpoint type',
    text: `type: api\ndata:\n  endpointConfig:\n    endpoint_type: |\n`,
    uri: 'file:///w/api.yaml',
    labels: ['ws'],
  },
  {
    name: "a 3.x operation's messages name the messages of its channel",
    text: `asyncapi: 3.0.0\nchannels:\n  room:\n    messages:\n      chat: {}\n      join: {}\noperations:\n  op:\n    action: send\n    channel: {$ref: '#/channels/room'}\n    messages:\n      - $ref: '#|'\n`,
    labels: ['#/channels/room/messages/chat', '#/channels/room/messages/join'],
  },
  {
    name: 'JSON $ref values',
    text: `{"asyncapi": "2.6.0", "channels": {"/a": {"subscribe": {"message": {"$ref": "#/comp|"}}}}, "components": {"messages": {"Chat": {}}}}`,
    uri: 'file:///w/asyncapi.json',
    labels: ['#/components/messages/Chat'],
    inserts: { '#/components/messages/Chat': '"#/components/messages/Chat"' },
  },
  {
    name: 'nothing inside a comment',
    text: `asyncapi: 3.0.0\n# proto|\n`,
    labels: [],
  },
];

suite('completion as data', () => {
  for (const example of CASES) {
    test(example.name, () => {
      const entries = complete(example.text, example.uri);
      const found = labels(entries);
      if (example.labels !== undefined) {
        assert.deepEqual(found, example.labels);
      }
      for (const label of example.includes ?? []) {
        assert.ok(found.includes(label), `${label} in ${found.join(', ')}`);
      }
      for (const label of example.excludes ?? []) {
        assert.ok(!found.includes(label), `${label} not in ${found.join(', ')}`);
      }
      for (const [label, insert] of Object.entries(example.inserts ?? {})) {
        assert.equal(entries.find((entry) => entry.label === label)?.insert, insert, label);
      }
    });
  }

  test('api.yaml targets are the topics of the project definition', () => {
    const definition = {
      uri: 'file:///w/Definitions/asyncapi.yaml',
      text: 'asyncapi: 2.0.0\nchannels:\n  /notifications: {}\n  /rooms/{roomID}: {}\n',
    };
    const entries = complete(
      'type: api\ndata:\n  operations:\n    - target: |\n',
      'file:///w/api.yaml',
      definition,
    );
    assert.deepEqual(labels(entries), ['/notifications', '/rooms/{roomID}']);
  });

  test('a key completion replaces the typed word and keeps a colon already there', () => {
    const { text, offset } = takeMarker('asyncapi: 3.0.0\nservers:\n  prod:\n    proto|col: ws\n');
    const document = assistDocument('file:///w/a.yaml', indexDocument(text, 'yaml'));
    assert.ok(document);
    const protocol = doComplete(document, offset, environment()).find((entry) => entry.label === 'protocol');
    assert.deepEqual(
      protocol && {
        insert: protocol.insert,
        replaced: text.slice(protocol.replace.start, protocol.replace.end),
      },
      {
        insert: 'protocol',
        replaced: 'protocol',
      },
    );
  });

  test('spec versions: exact, same minor, newest of the major below', () => {
    const available = Object.keys(SCHEMAS);
    assert.deepEqual(
      ['2.0.0', '2.4', '2.9.0', '3.0.0', '3.5.0', '1.2.0'].map((version) =>
        specVersionFor(version, available),
      ),
      ['2.0.0', '2.4.0', '2.6.0', '3.0.0', '3.1.0', undefined],
    );
  });
});
