import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, suite, test } from 'node:test';
import { DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

import { asyncApiValue } from '../../core/src/design/wso2Files';
import { renderYaml } from '../../core/src/design/documentEditor';
import { LspTestClient } from '../support/lspClient';
import { testRuntime } from '../support/serverRuntime';

const fromParser = (params: PublishDiagnosticsParams): boolean =>
  params.diagnostics.some((diagnostic) => diagnostic.source === 'asyncapi-parser');

const WSO2_DOCUMENT = `asyncapi: 2.0.0
info:
  title: Chats
  version: 1.0.0
servers:
  production:
    url: ws://localhost:8080
    protocol: ws
channels:
  /notifications:
    subscribe:
      x-uri-mapping: /notifications
    publish:
      x-uri-mapping: /notifications
`;

const withMessageRef = (ref: string): string => `asyncapi: 2.6.0
info:
  title: Chats
  version: 1.0.0
channels:
  /rooms:
    subscribe:
      message:
        $ref: '${ref}'
`;

suite('LSP: the official AsyncAPI parser in its worker', () => {
  let client: LspTestClient;
  let folder: string;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'wsapi-lsp-'));
    client = LspTestClient.inProcess(testRuntime());
    await client.initialize();
  });
  after(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  test('a definition as WSO2 writes it gets only hints: recommendations, not warnings', async () => {
    const uri = 'file:///work/chats/Definitions/asyncapi.yaml';
    await client.open(uri, 'yaml', WSO2_DOCUMENT);
    const { diagnostics } = await client.diagnostics(uri, fromParser, 30_000);
    assert.ok(diagnostics.length > 0);
    for (const diagnostic of diagnostics) {
      assert.equal(diagnostic.severity, DiagnosticSeverity.Hint, JSON.stringify(diagnostic));
    }
    assert.ok(
      !diagnostics.some((diagnostic) => diagnostic.code === 'asyncapi-latest-version'),
      'WSO2 reads 2.0 to 2.6 and 3.0: no advice to move to 3.1',
    );
  });

  test("an AsyncAPI 3 definition as WSO2 writes it: its '#/channels/rooms/{roomID}' is a hint, not the parser's error", async () => {
    const uri = 'file:///work/rooms/Definitions/asyncapi.yaml';
    const text = renderYaml(
      asyncApiValue(
        {
          name: 'Rooms',
          context: '/rooms',
          version: '1.0.0',
          endpoint: 'wss://rooms.example.com',
          sandboxEndpoint: 'wss://rooms.example.com',
          securityScheme: ['oauth2'],
          scopes: [],
          topics: [{ topic: '/rooms/{roomID}', verbs: ['SUBSCRIBE', 'PUBLISH'] }],
        },
        '3.0.0',
      ),
      0,
    );
    await client.open(uri, 'yaml', text);
    // The second publish is the one with the parser's findings (none are left here: its invalid-ref is the hint).
    let publishes = 0;
    const { diagnostics } = await client.diagnostics(uri, () => (publishes += 1) >= 2, 30_000);
    assert.deepEqual(
      diagnostics
        .filter((d) => d.severity !== DiagnosticSeverity.Hint)
        .map((d) => `${String(d.code)}: ${d.message}`),
      [],
    );
    const refLines = text
      .split('\n')
      .flatMap((line, index) => (line.includes('#/channels/rooms/{roomID}') ? [index] : []));
    assert.equal(refLines.length, 2, text);
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'wso2-channel-ref').map((d) => d.range.start.line),
      refLines,
    );
  });

  test('a $ref to a missing component is an error on the $ref line', async () => {
    const uri = 'file:///work/refs/asyncapi.yaml';
    await client.open(uri, 'yaml', withMessageRef('#/components/messages/Chat'));
    const { diagnostics } = await client.diagnostics(uri, fromParser, 30_000);
    const invalid = diagnostics.find((diagnostic) => diagnostic.code === 'invalid-ref');
    assert.equal(invalid?.severity, DiagnosticSeverity.Error);
    assert.equal(invalid?.range.start.line, 8);
  });

  test('a $ref to another file resolves relative to the document', async () => {
    writeFileSync(join(folder, 'messages.yaml'), 'Chat:\n  payload:\n    type: string\n');
    const good = pathToFileURL(join(folder, 'good.yaml')).href;
    const bad = pathToFileURL(join(folder, 'bad.yaml')).href;
    writeFileSync(join(folder, 'good.yaml'), withMessageRef('./messages.yaml#/Chat'));
    await client.open(good, 'yaml', withMessageRef('./messages.yaml#/Chat'));
    await client.open(bad, 'yaml', withMessageRef('./missing.yaml#/Chat'));
    const goodReport = await client.diagnostics(good, fromParser, 30_000);
    const badReport = await client.diagnostics(bad, fromParser, 30_000);
    const errors = (params: PublishDiagnosticsParams): string[] =>
      params.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => String(d.code));
    assert.deepEqual(errors(goodReport), []);
    assert.ok(errors(badReport).length > 0, JSON.stringify(badReport.diagnostics));
  });

  test('typing while the parser works: the last version gets the findings of the last text', async () => {
    const uri = 'file:///work/typing/asyncapi.yaml';
    await client.open(uri, 'yaml', withMessageRef('#/components/messages/First'));
    for (const name of ['Second', 'Third', 'Fourth']) {
      await client.replace(uri, withMessageRef(`#/components/messages/${name}`));
    }
    const last = await client.diagnostics(
      uri,
      (params) =>
        params.version === 4 &&
        params.diagnostics.some((d) => d.code === 'invalid-ref' && d.message.includes('Fourth')),
      30_000,
    );
    const refs = last.diagnostics.filter((d) => d.code === 'invalid-ref');
    assert.equal(refs.length, 1, JSON.stringify(refs));
  });

  test('wsapi reports the channel parameter problem once, not the parser again', async () => {
    const uri = 'file:///work/params/asyncapi.yaml';
    const text = `asyncapi: 3.0.0
info:
  title: Chats
  version: 1.0.0
servers:
  production:
    host: localhost:8080
    protocol: ws
channels:
  rooms:
    address: /rooms
    parameters:
      roomID: {}
`;
    await client.open(uri, 'yaml', text);
    const { diagnostics } = await client.diagnostics(uri, fromParser, 30_000);
    const onParameter = diagnostics.filter(
      (d) => d.range.start.line === 12 && d.severity !== DiagnosticSeverity.Hint,
    );
    assert.deepEqual(
      onParameter.map((d) => `${d.source}:${String(d.code)}`),
      ['wsapi:topic-parameter-unused'],
    );
  });
});

const VALID_2_6 = `asyncapi: 2.6.0
info:
  title: Chats
  version: 1.0.0
servers:
  production:
    url: ws://localhost:8080
    protocol: ws
channels:
  /rooms:
    subscribe:
      message:
        payload:
          type: string
`;

const VALID_3_0 = `asyncapi: 3.0.0
info:
  title: Chats
  version: 1.0.0
channels:
  rooms:
    address: /rooms
operations:
  receiveRooms:
    action: receive
    channel:
      $ref: '#/channels/rooms'
`;

/** One-line edits of each kind a person makes, the sentence they get and the (0-based) line it is on. */
const EDITS = [
  {
    kind: 'type error',
    text: VALID_2_6.replace('protocol: ws', 'protocol: 8080'),
    line: 7,
    message: "'protocol' must be a string.",
  },
  {
    kind: 'unknown key',
    text: VALID_2_6.replace('  title: Chats', '  titel: Chats'),
    line: 2,
    message: "'titel' is not allowed here: did you mean 'title'?",
  },
  {
    kind: 'unknown key in a message (one finding, not one per form a message may take)',
    text: VALID_2_6.replace('        payload:', '        summry: Chats\n        payload:'),
    line: 12,
    message: "'summry' is not allowed here: did you mean 'summary'?",
  },
  {
    kind: 'missing required property',
    text: VALID_2_6.replace('  version: 1.0.0\n', ''),
    line: 1,
    message: "'info' is missing the required property 'version'.",
  },
  {
    kind: 'wrong enum value',
    text: VALID_3_0.replace('action: receive', 'action: recieve'),
    line: 9,
    message: "'action' must be one of: send, receive: did you mean 'receive'?",
  },
] as const;

suite('LSP: schema errors while typing, in the first publish after the edit', () => {
  let client: LspTestClient;
  before(async () => {
    client = LspTestClient.inProcess(testRuntime());
    await client.initialize();
  });
  after(() => client.dispose());

  for (const [index, edit] of EDITS.entries()) {
    test(`${edit.kind}: one sentence on the edited line, before the parser, and not again after it`, async () => {
      const uri = `file:///work/typing-${index}/asyncapi.yaml`;
      const valid = edit.text.startsWith('asyncapi: 3') ? VALID_3_0 : VALID_2_6;
      await client.open(uri, 'yaml', valid);
      await client.diagnostics(uri, fromParser, 30_000);
      await client.replace(uri, edit.text);
      const first = await client.diagnostics(uri, (params) => params.version === 2);
      const errors = (params: PublishDiagnosticsParams): string[] =>
        params.diagnostics
          .filter((d) => d.severity === DiagnosticSeverity.Error)
          .map((d) => `${d.range.start.line}: ${d.message}`);
      assert.deepEqual(errors(first), [`${edit.line}: ${edit.message}`]);
      // The parser's findings of the same version: the schema problem is not reported a second time.
      const withParser = await client.diagnostics(
        uri,
        (params) => params.version === 2 && params !== first && fromParser(params),
        30_000,
      );
      assert.deepEqual(errors(withParser), [`${edit.line}: ${edit.message}`]);
    });
  }

  test('JSON documents get them too, on the key at fault', async () => {
    const uri = 'file:///work/typing-json/asyncapi.json';
    const text = JSON.stringify(
      { asyncapi: '2.6.0', info: { title: 'Chats', version: 1 }, channels: {} },
      null,
      2,
    );
    await client.open(uri, 'json', text);
    const { diagnostics } = await client.diagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.source, d.message, d.range]),
      [
        [
          'wsapi',
          "'version' must be a string.",
          { start: { line: 4, character: 4 }, end: { line: 4, character: 13 } },
        ],
      ],
    );
  });

  test('a mistyped top-level key: "did you mean" on the key itself, with the suggestion its quick fix writes', async () => {
    const uri = 'file:///work/typo/asyncapi.yaml';
    await client.open(uri, 'yaml', 'asyncapi: 2.6.0\ninfo:\n  title: Chats\nchanels: {}\n');
    const { diagnostics } = await client.diagnostics(uri);
    assert.deepEqual(
      diagnostics
        .filter((d) => d.severity === DiagnosticSeverity.Error)
        .map((d): unknown[] => [d.message, d.range, d.data as unknown]),
      [
        [
          "'info' is missing the required property 'version'.",
          { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } },
          undefined,
        ],
        [
          "'chanels' is not allowed here: did you mean 'channels'?",
          { start: { line: 3, character: 0 }, end: { line: 3, character: 7 } },
          { suggestion: 'channels' },
        ],
      ],
    );
  });
});
