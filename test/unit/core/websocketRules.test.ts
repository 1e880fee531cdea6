import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { readDocument, type DocumentFormat } from '../../../core/src';

/** A problem as a reader sees it: its code, severity and the exact text its range covers. */
interface Expected {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'hint';
  readonly covers: string;
}

interface RuleCase {
  readonly name: string;
  readonly text: string;
  readonly format?: DocumentFormat;
  readonly wso2Project?: boolean;
  readonly expected: readonly Expected[];
}

const WSO2_2_0 = (channels: string, extra = ''): string => `asyncapi: 2.0.0
info:
  title: Chats
  version: 1.0.0
servers:
  production:
    url: ws://localhost:8080
    protocol: ws
channels:
${channels}${extra}`;

const IMPLICIT = `
components:
  securitySchemes:
    oauth2:
      type: oauth2
      flows:
        implicit:
          authorizationUrl: http://localhost:9999
          scopes:
            creator: creator
            reader: reader
          x-scopes-bindings:
            creator: admin
`;

const CASES: readonly RuleCase[] = [
  {
    name: 'a WSO2 document as the Publisher writes it is clean',
    text: WSO2_2_0(
      `  /notifications:
    publish:
      x-uri-mapping: /notifications
    subscribe:
      x-uri-mapping: /notifications
      x-scopes:
        "0": creator
    x-auth-type: Any
  /rooms/{roomID}:
    parameters:
      roomID:
        description: ''
        schema:
          type: string
    subscribe:
      x-uri-mapping: /rooms?room={uri.var.roomID}
    publish:
      x-uri-mapping: /rooms?room={uri.var.roomID}
  /*:
    subscribe: {}
    publish: {}
`,
      IMPLICIT,
    ),
    expected: [],
  },
  {
    name: 'a topic without a leading slash, in a WSO2 project',
    wso2Project: true,
    text: WSO2_2_0('  notifications:\n    subscribe: {}\n'),
    expected: [{ code: 'topic-leading-slash', severity: 'error', covers: 'notifications' }],
  },
  {
    name: 'channels named like message kinds, in a plain WebSocket API',
    text: WSO2_2_0('  ticker:\n    subscribe: {}\n'),
    expected: [],
  },
  {
    name: 'an undeclared and an unused topic parameter',
    text: WSO2_2_0(`  /rooms/{roomID}:
    parameters:
      room:
        schema:
          type: string
    subscribe: {}
`),
    expected: [
      { code: 'topic-parameter-undeclared', severity: 'error', covers: '/rooms/{roomID}' },
      { code: 'topic-parameter-unused', severity: 'warning', covers: 'room' },
    ],
  },
  {
    name: 'URL mappings: no leading slash, unknown and bare variables, PUB and SUB differing',
    text: WSO2_2_0(`  /rooms/{roomID}:
    parameters:
      roomID:
        schema:
          type: string
    subscribe:
      x-uri-mapping: rooms/{uri.var.room}
    publish:
      x-uri-mapping: /rooms/{roomID}
`),
    expected: [
      { code: 'uri-mapping-start', severity: 'error', covers: 'rooms/{uri.var.room}' },
      { code: 'uri-mapping-variable', severity: 'error', covers: 'rooms/{uri.var.room}' },
      { code: 'uri-mapping-bare-variable', severity: 'warning', covers: '/rooms/{roomID}' },
      { code: 'uri-mapping-differs', severity: 'warning', covers: 'rooms/{uri.var.room}' },
      { code: 'uri-mapping-differs', severity: 'warning', covers: '/rooms/{roomID}' },
    ],
  },
  {
    name: 'an x-auth-type in the wrong case',
    text: WSO2_2_0('  /chat:\n    subscribe: {}\n    x-auth-type: any\n'),
    expected: [{ code: 'auth-type', severity: 'error', covers: 'any' }],
  },
  {
    name: 'undeclared and unbound scopes, as an array',
    text: WSO2_2_0('  /chat:\n    subscribe:\n      x-scopes: [creator, reader, admin]\n', IMPLICIT),
    expected: [
      { code: 'scope-unbound', severity: 'warning', covers: 'reader' },
      { code: 'scope-undeclared', severity: 'error', covers: 'admin' },
    ],
  },
  {
    name: 'an implicit flow without authorizationUrl',
    text: WSO2_2_0(
      '  /chat:\n    subscribe: {}\n',
      IMPLICIT.replace('          authorizationUrl: http://localhost:9999\n', ''),
    ),
    expected: [{ code: 'oauth2-authorization-url', severity: 'error', covers: 'implicit' }],
  },
  {
    // WSO2 writes the API type's protocol, ws, for wss:// endpoints: its own exports and samples do (issue #14).
    name: 'a wss:// server with protocol ws in a WSO2 definition, as WSO2 writes it',
    text: WSO2_2_0('  /chat:\n    subscribe:\n      x-uri-mapping: /chat\n').replace(
      'ws://localhost:8080',
      'wss://localhost:8443',
    ),
    expected: [],
  },
  {
    name: 'a wss:// server with protocol ws in a WSO2 project, as createApi writes it for a wss endpoint',
    wso2Project: true,
    text: WSO2_2_0('  /chat:\n    subscribe: {}\n').replace('ws://localhost:8080', 'wss://localhost:8443'),
    expected: [],
  },
  {
    name: 'a ws:// server with protocol wss in a WSO2 definition still disagrees',
    text: WSO2_2_0('  /chat:\n    subscribe: {}\n').replace('protocol: ws', 'protocol: wss'),
    expected: [{ code: 'server-url-scheme', severity: 'error', covers: 'ws://localhost:8080' }],
  },
  {
    name: 'a plain WebSocket document whose URL scheme disagrees with its protocol',
    text: 'asyncapi: 2.6.0\ninfo: {title: A, version: "1"}\nservers:\n  s: {url: "wss://a.example", protocol: ws}\nchannels:\n  /a: {subscribe: {}}\n',
    expected: [{ code: 'server-url-scheme', severity: 'error', covers: '"wss://a.example"' }],
  },
  {
    // WSO2's generator writes, and its parser reads, the channel key as it is (issue #14).
    name: "AsyncAPI 3 in a WSO2 project: '#/channels/rooms/{roomID}' names the channel, with a hint for other tools",
    wso2Project: true,
    text: `asyncapi: 3.0.0
info: {title: Chats, version: 1.0.0}
channels:
  rooms/{roomID}: {address: '/rooms/{roomID}', parameters: {roomID: {description: ''}}}
  notifications: {address: /notifications}
operations:
  receive_/rooms/{roomID}: {action: receive, channel: {$ref: '#/channels/rooms/{roomID}'}}
  receive_/notifications: {action: receive, channel: {$ref: '#/channels/notifications'}}
  receive_/gone/{x}: {action: receive, channel: {$ref: '#/channels/gone/{x}'}}
`,
    expected: [
      { code: 'wso2-channel-ref', severity: 'hint', covers: "'#/channels/rooms/{roomID}'" },
      { code: 'operation-channel', severity: 'error', covers: "{$ref: '#/channels/gone/{x}'}" },
    ],
  },
  {
    name: 'a non-WebSocket server in a WSO2 project',
    wso2Project: true,
    text: WSO2_2_0('  /chat:\n    subscribe: {}\n').replace('protocol: ws', 'protocol: mqtt'),
    expected: [{ code: 'server-protocol', severity: 'error', covers: 'mqtt' }],
  },
  {
    name: 'an MQTT document is left to the AsyncAPI rules',
    text: 'asyncapi: 2.6.0\ninfo: {title: A, version: "1"}\nservers:\n  b: {url: mqtt://b, protocol: mqtt}\nchannels:\n  user/{id}: {subscribe: {}}\n',
    expected: [],
  },
  {
    name: 'AsyncAPI 3: a host with a scheme, an operation on a missing channel, a bad ws binding',
    text: `asyncapi: 3.0.0
info:
  title: Chats
  version: 1.0.0
servers:
  production:
    host: wss://chat.example.com
    protocol: wss
channels:
  rooms:
    address: /rooms
    bindings:
      ws:
        method: PUT
        query:
          type: string
operations:
  receiveRooms:
    action: receive
    channel:
      $ref: '#/channels/room'
`,
    expected: [
      { code: 'server-host-scheme', severity: 'error', covers: 'wss://chat.example.com' },
      { code: 'ws-binding-method', severity: 'error', covers: 'PUT' },
      { code: 'ws-binding-schema', severity: 'error', covers: 'type: string' },
      { code: 'operation-channel', severity: 'error', covers: "$ref: '#/channels/room'" },
    ],
  },
  {
    name: 'AsyncAPI 3 in JSON: operations carry the URL mappings of the channel they reference',
    format: 'json',
    text: JSON.stringify(
      {
        asyncapi: '3.0.0',
        info: { title: 'Chats', version: '1.0.0' },
        servers: { production: { host: 'localhost:8080', protocol: 'ws' } },
        channels: { rooms: { address: '/rooms/{roomID}', parameters: { roomID: {} } } },
        operations: {
          receive_rooms: {
            action: 'receive',
            channel: { $ref: '#/channels/rooms' },
            'x-uri-mapping': '/r/{uri.var.id}',
          },
        },
      },
      null,
      2,
    ),
    expected: [{ code: 'uri-mapping-variable', severity: 'error', covers: '"/r/{uri.var.id}"' }],
  },
];

suite('WebSocket and WSO2 rules', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const reading = readDocument(c.text, c.format ?? 'yaml', { wso2Project: c.wso2Project === true });
      const actual = reading.problems.map((problem) => ({
        code: problem.code,
        severity: problem.severity,
        covers: c.text.slice(problem.start, problem.end),
      }));
      assert.deepEqual(actual, c.expected);
      for (const problem of reading.problems) {
        assert.match(problem.message, /^[A-Z'{].*[.?]$/, `'${problem.message}' reads as a sentence`);
      }
    });
  }
});
