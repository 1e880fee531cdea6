import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import {
  type FileEdit,
  findDefinition,
  findDocumentHighlights,
  findDocumentSymbols,
  findReferences,
  findTopicSymbols,
  getFoldingRanges,
  getSelectionRanges,
  type NavigationSources,
  type OutlineSymbol,
  prepareRename,
  rename,
  sourceFile,
  type SourceFile,
} from '../../../core/src/language';
import { projectSiblings } from '../../../server/src/service/validation';
import { takeMarker } from '../../support/positions';

/** In-memory files; a `|` in one of them marks the cursor. */
function workspace(files: Record<string, string>): {
  sources: NavigationSources;
  file: SourceFile;
  offset: number;
  text: (uri: string) => string;
} {
  const texts = new Map<string, string>();
  let cursor: { uri: string; offset: number } | undefined;
  for (const [uri, marked] of Object.entries(files)) {
    if (marked.includes('|')) {
      const { text, offset } = takeMarker(marked);
      texts.set(uri, text);
      cursor = { uri, offset };
    } else {
      texts.set(uri, marked);
    }
  }
  const sources: NavigationSources = {
    file: (uri) => {
      const text = texts.get(uri);
      return text === undefined ? undefined : sourceFile(uri, text);
    },
    candidates: () => texts.keys(),
    siblings: (uri) => projectSiblings(uri).filter((sibling) => texts.has(sibling)),
  };
  if (cursor === undefined) {
    throw new Error('no cursor');
  }
  const file = sources.file(cursor.uri) as SourceFile;
  return { sources, file, offset: cursor.offset, text: (uri) => texts.get(uri) ?? '' };
}

/** The text a span covers, with its file's name: what a user sees highlighted. */
function shown(
  at: (uri: string) => string,
  spans: ReadonlyArray<{ uri: string; span: { start: number; end: number } }>,
): string[] {
  return spans.map(
    ({ uri, span }) => `${uri.slice(uri.lastIndexOf('/') + 1)}:${at(uri).slice(span.start, span.end)}`,
  );
}

/** Applies edits to the texts of the workspace. */
function applied(at: (uri: string) => string, edits: readonly FileEdit[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const uri of new Set(edits.map((edit) => edit.uri))) {
    let text = at(uri);
    for (const edit of edits.filter((e) => e.uri === uri).sort((a, b) => b.span.start - a.span.start)) {
      text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    }
    result[uri] = text;
  }
  return result;
}

const MAIN = 'file:///ws/chat/asyncapi.yaml';
const COMMON = 'file:///ws/shared/common.yaml';
const CHAT = `asyncapi: 2.6.0
info:
  title: Chat
  version: 1.0.0
servers:
  prod:
    url: ws://chat.example.com
    protocol: ws
channels:
  /rooms/{roomID}:
    servers: [prod]
    subscribe:
      message:
        $ref: '#/components/messages/Chat'
    publish:
      message:
        $ref: '../shared/common.yaml#/components/messages/Say~1Hello'
components:
  messages:
    Chat:
      payload:
        $ref: '#/components/schemas/Text'
  schemas:
    Text:
      type: string
`;
const SHARED = `components:
  messages:
    Say/Hello:
      payload:
        type: string
`;

const mark = (text: string, before: string, shift = 0): string => {
  const at = text.indexOf(before) + shift;
  return text.slice(0, at) + '|' + text.slice(at);
};

suite('navigation: definition, references and highlights', () => {
  test('a local $ref goes to the component, a $ref to another file to its escaped key there', () => {
    const local = workspace({ [MAIN]: mark(CHAT, "'#/components/messages/Chat'", 5) });
    assert.deepEqual(shown(local.text, findDefinition(local.file, local.offset, local.sources)), [
      'asyncapi.yaml:Chat',
    ]);
    const other = workspace({ [MAIN]: mark(CHAT, 'common.yaml#', 3), [COMMON]: SHARED });
    assert.deepEqual(shown(other.text, findDefinition(other.file, other.offset, other.sources)), [
      'common.yaml:Say/Hello',
    ]);
  });

  test('references of a component in another file: the $refs of every file that points to it', () => {
    const ws = workspace({ [MAIN]: CHAT, [COMMON]: mark(SHARED, 'Say/Hello') });
    assert.deepEqual(shown(ws.text, findReferences(ws.file, ws.offset, ws.sources, true)), [
      'common.yaml:Say/Hello',
      "asyncapi.yaml:'../shared/common.yaml#/components/messages/Say~1Hello'",
    ]);
    assert.deepEqual(shown(ws.text, findReferences(ws.file, ws.offset, ws.sources, false)).length, 1);
  });

  test('a server name of a 2.x channel goes to the server; highlights show both in the document', () => {
    const ws = workspace({ [MAIN]: mark(CHAT, 'prod]', 1) });
    assert.deepEqual(shown(ws.text, findDefinition(ws.file, ws.offset, ws.sources)), ['asyncapi.yaml:prod']);
    assert.deepEqual(
      findDocumentHighlights(ws.file, ws.offset, ws.sources).map((h) => h.kind),
      ['declaration', 'reference'],
    );
  });

  test("an api.yaml operation target goes to the project's channel, and the channel back to the targets", () => {
    const api = 'file:///ws/chat/api.yaml';
    const definition = 'file:///ws/chat/Definitions/asyncapi.yaml';
    const apiText =
      'type: api\ndata:\n  name: Chat\n  operations:\n    - target: /rooms/{roomID}\n      verb: SUBSCRIBE\n';
    const there = workspace({ [api]: mark(apiText, '/rooms', 2), [definition]: CHAT });
    assert.deepEqual(shown(there.text, findDefinition(there.file, there.offset, there.sources)), [
      'asyncapi.yaml:/rooms/{roomID}',
    ]);
    const back = workspace({ [api]: apiText, [definition]: mark(CHAT, '/rooms/{roomID}:', 3) });
    assert.deepEqual(shown(back.text, findDefinition(back.file, back.offset, back.sources)), [
      'api.yaml:/rooms/{roomID}',
    ]);
  });
});

suite('navigation: rename', () => {
  test('renaming a component rewrites its key and every $ref to it or into it, in every file', () => {
    const ws = workspace({ [MAIN]: CHAT, [COMMON]: mark(SHARED, 'Say/Hello') });
    assert.deepEqual(prepareRename(ws.file, ws.offset, ws.sources), {
      span: { start: SHARED.indexOf('Say/Hello'), end: SHARED.indexOf('Say/Hello') + 9 },
      placeholder: 'Say/Hello',
    });
    const result = rename(ws.file, ws.offset, 'Greeting/New', ws.sources);
    assert.ok('edits' in result);
    const after = applied(ws.text, result.edits);
    assert.ok(after[COMMON]?.includes('    Greeting/New:\n'));
    assert.ok(after[MAIN]?.includes("$ref: '../shared/common.yaml#/components/messages/Greeting~1New'"));
  });

  test("renaming a 2.x channel renames its project's api.yaml targets; a taken name is refused", () => {
    const api = 'file:///ws/chat/api.yaml';
    const definition = 'file:///ws/chat/Definitions/asyncapi.yaml';
    const apiText = 'type: api\ndata:\n  operations:\n    - target: /rooms/{roomID}\n      verb: SUBSCRIBE\n';
    const ws = workspace({ [api]: apiText, [definition]: mark(CHAT, '/rooms/{roomID}:', 1) });
    const result = rename(ws.file, ws.offset, '/halls/{roomID}', ws.sources);
    assert.ok('edits' in result);
    const after = applied(ws.text, result.edits);
    assert.equal(after[api], apiText.replace('/rooms/', '/halls/'));
    assert.equal(after[definition], CHAT.replace('/rooms/{roomID}:', '/halls/{roomID}:'));
    const clash = workspace({
      [MAIN]: CHAT.replace('  schemas:\n', '  schemas:\n    Other: {}\n').replace('Text:\n', '|Text:\n'),
    });
    assert.deepEqual(rename(clash.file, clash.offset, 'Other', clash.sources), {
      error: "'components.schemas' already has 'Other': pick another name.",
    });
    const info = workspace({ [MAIN]: mark(CHAT, 'title') });
    assert.ok('error' in prepareRename(info.file, info.offset, info.sources));
  });
});

suite('navigation: AsyncAPI 3', () => {
  test("renaming a 3.x channel rewrites the operations' $refs into it; api.yaml targets (its address) stay", () => {
    const api = 'file:///ws/three/api.yaml';
    const definition = 'file:///ws/three/Definitions/asyncapi.yaml';
    const apiText = 'type: api\ndata:\n  operations:\n    - target: /rooms/{id}\n      verb: PUBLISH\n';
    const text = `asyncapi: 3.0.0
channels:
  room:
    address: /rooms/{id}
    messages:
      chat: {payload: {type: string}}
operations:
  sendChat:
    action: send
    channel: {$ref: '#/channels/room'}
    messages: [{$ref: '#/channels/room/messages/chat'}]
`;
    const ws = workspace({ [api]: apiText, [definition]: mark(text, 'room:') });
    const result = rename(ws.file, ws.offset, 'hall', ws.sources);
    assert.ok('edits' in result);
    assert.deepEqual(applied(ws.text, result.edits), {
      [definition]: text.replace('  room:', '  hall:').split('#/channels/room').join('#/channels/hall'),
    });
    const target = workspace({ [api]: mark(apiText, '/rooms', 1), [definition]: text });
    assert.deepEqual(shown(target.text, findDefinition(target.file, target.offset, target.sources)), [
      'asyncapi.yaml:room',
    ]);
  });
});

suite('navigation: JSON documents', () => {
  test('rename in JSON keeps JSON strings; definition and references work the same', () => {
    const uri = 'file:///ws/api.json';
    const text =
      '{\n  "asyncapi": "2.6.0",\n  "channels": {\n    "/a": {"subscribe": {"message": {"$ref": "#/components/messages/M"}}}\n  },\n  "components": {"messages": {"M": {"payload": {"type": "string"}}}}\n}\n';
    const ws = workspace({ [uri]: mark(text, '"M":', 1) });
    assert.deepEqual(shown(ws.text, findReferences(ws.file, ws.offset, ws.sources, false)), [
      'api.json:"#/components/messages/M"',
    ]);
    const result = rename(ws.file, ws.offset, 'Msg "1"', ws.sources);
    assert.ok('edits' in result);
    assert.equal(
      applied(ws.text, result.edits)[uri],
      text.replace('"M":', '"Msg \\"1\\"":').replace('messages/M"', 'messages/Msg \\"1\\""'),
    );
  });
});

function names(symbols: readonly OutlineSymbol[]): unknown[] {
  return symbols.map((symbol) =>
    symbol.children.length === 0 ? symbol.name : { [symbol.name]: names(symbol.children) },
  );
}

suite('navigation: symbols, folding and selection', () => {
  test('the outline of a 2.x document: info, servers, topics with PUB and SUB, components', () => {
    const file = sourceFile(MAIN, CHAT) as SourceFile;
    assert.deepEqual(names(findDocumentSymbols(file)), [
      'asyncapi',
      'info',
      { servers: ['prod'] },
      { channels: [{ '/rooms/{roomID}': ['PUB', 'SUB'] }] },
      { components: [{ messages: ['Chat'] }, { schemas: ['Text'] }] },
    ]);
  });

  test('the outline of a 3.x document lists send and receive under the topic (its address)', () => {
    const text = `asyncapi: 3.0.0
info: {title: T, version: '1'}
channels:
  room:
    address: /rooms/{id}
    messages:
      chat: {payload: {type: string}}
operations:
  sendChat:
    action: send
    channel: {$ref: '#/channels/room'}
`;
    const file = sourceFile('file:///a/asyncapi.yaml', text) as SourceFile;
    assert.deepEqual(names(findDocumentSymbols(file)), [
      'asyncapi',
      'info',
      { channels: [{ '/rooms/{id}': ['send', 'chat'] }] },
      { operations: ['sendChat'] },
    ]);
    assert.deepEqual(
      findTopicSymbols([file, sourceFile(MAIN, CHAT) as SourceFile], 'rms').map(
        (s) => `${s.name} (${s.container})`,
      ),
      ['/rooms/{id} (T 1)', '/rooms/{roomID} (Chat 1.0.0)'],
    );
  });

  test('folding: each block from its key line to its last line; JSON up to the closing bracket', () => {
    const yaml = sourceFile(COMMON, SHARED) as SourceFile;
    assert.deepEqual(getFoldingRanges(yaml.text, yaml.format, yaml.tree), [
      { startLine: 0, endLine: 4 },
      { startLine: 1, endLine: 4 },
      { startLine: 2, endLine: 4 },
      { startLine: 3, endLine: 4 },
    ]);
    const jsonText = '{\n  "a": {\n    "b": [\n      1\n    ]\n  }\n}\n';
    const json = sourceFile('file:///a.json', jsonText) as SourceFile;
    assert.deepEqual(getFoldingRanges(json.text, json.format, json.tree), [
      { startLine: 0, endLine: 5 },
      { startLine: 1, endLine: 4 },
      { startLine: 2, endLine: 3 },
    ]);
  });

  test('selection grows from the value under the cursor to the whole document', () => {
    const { text, offset } = takeMarker(SHARED.replace('string', 'str|ing'));
    const file = sourceFile(COMMON, text) as SourceFile;
    assert.deepEqual(
      getSelectionRanges(file.tree, offset).map((span) => text.slice(span.start, span.end).split('\n')[0]),
      ['string', 'type: string', 'payload:', 'Say/Hello:', 'messages:', 'components:'],
    );
  });
});
