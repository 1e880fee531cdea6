import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, suite, test } from 'node:test';
import {
  CodeActionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  SelectionRangeRequest,
  WorkspaceSymbolRequest,
  type CodeAction,
  type Diagnostic,
  type DocumentSymbol,
  type Location,
  type PublishDiagnosticsParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';

import { LspTestClient } from '../support/lspClient';
import { positionOf } from '../support/positions';
import { testRuntime } from '../support/serverRuntime';
import { apiYamlText } from '../support/apiYamlFixture';

const DEFINITION = `asyncapi: 2.0.0
info:
  title: Chats
  version: 1.0.0
servers:
  production:
    url: ws://localhost:8080
    protocol: ws
channels:
  /rooms/{roomID}:
    parameters:
      roomID:
        schema:
          type: string
    subscribe:
      x-uri-mapping: /rooms?room={uri.var.roomID}
      message:
        $ref: '#/components/messages/Chat'
components:
  messages:
    Chat:
      payload:
        type: string
`;

const API_YAML = apiYamlText({ wso2Version: null });

/** Applies the edits of one file of a WorkspaceEdit to its text. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const offset = (line: number, character: number): number =>
    text
      .split('\n')
      .slice(0, line)
      .reduce((sum, each) => sum + each.length + 1, 0) + character;
  return [...edits]
    .map((edit) => ({
      start: offset(edit.range.start.line, edit.range.start.character),
      end: offset(edit.range.end.line, edit.range.end.character),
      newText: edit.newText,
    }))
    .sort((a, b) => b.start - a.start)
    .reduce((result, edit) => result.slice(0, edit.start) + edit.newText + result.slice(edit.end), text);
}

suite('LSP: navigation, rename, symbols and quick fixes over the protocol', () => {
  let client: LspTestClient;
  let folder: string;
  let definition: string;
  let api: string;
  const at = (text: string, before: string, shift = 0) => positionOf(text, text.indexOf(before) + shift);

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'wsapi-navigation-'));
    mkdirSync(join(folder, 'chats', 'Definitions'), { recursive: true });
    writeFileSync(join(folder, 'chats', 'api.yaml'), API_YAML);
    writeFileSync(join(folder, 'chats', 'Definitions', 'asyncapi.yaml'), DEFINITION);
    definition = pathToFileURL(join(folder, 'chats', 'Definitions', 'asyncapi.yaml')).href;
    api = pathToFileURL(join(folder, 'chats', 'api.yaml')).href;
    client = LspTestClient.inProcess(testRuntime());
    const result = await client.initialize([pathToFileURL(folder).href]);
    assert.equal(result.capabilities.definitionProvider, true);
    assert.deepEqual(result.capabilities.renameProvider, { prepareProvider: true });
    await client.open(definition, 'yaml', DEFINITION);
  });
  after(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  test('definition of a $ref; references of a channel include api.yaml on disk, not open', async () => {
    const textDocument = { uri: definition };
    const found = (await client.send(DefinitionRequest.type, {
      textDocument,
      position: at(DEFINITION, "'#/components/messages/Chat'", 3),
    })) as Location[];
    assert.deepEqual(found, [
      { uri: definition, range: { start: at(DEFINITION, 'Chat:'), end: at(DEFINITION, 'Chat:', 4) } },
    ]);
    const references = await client.send(ReferencesRequest.type, {
      textDocument,
      position: at(DEFINITION, '/rooms/{roomID}:', 2),
      context: { includeDeclaration: true },
    });
    assert.deepEqual(
      references?.map(
        (location) => `${location.uri === api ? 'api' : 'definition'} ${location.range.start.line}`,
      ),
      ['definition 9', 'api 11'],
    );
  });

  test('rename a message: one WorkspaceEdit for the key and its $ref; prepareRename refuses info', async () => {
    const textDocument = { uri: definition };
    const edit = (await client.send(RenameRequest.type, {
      textDocument,
      position: at(DEFINITION, 'Chat:'),
      newName: 'ChatMessage',
    })) as WorkspaceEdit;
    const after = applyEdits(DEFINITION, edit.changes?.[definition] ?? []);
    assert.equal(
      after,
      DEFINITION.replace("messages/Chat'", "messages/ChatMessage'").replace('    Chat:', '    ChatMessage:'),
    );
    await assert.rejects(
      client.send(PrepareRenameRequest.type, { textDocument, position: at(DEFINITION, 'title') }),
      /Only a component, message, channel, server or operation can be renamed here/,
    );
  });

  test('outline, workspace topics, folding and selection ranges', async () => {
    const textDocument = { uri: definition };
    const symbols = (await client.send(DocumentSymbolRequest.type, { textDocument })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((symbol) => symbol.name),
      ['asyncapi', 'info', 'servers', 'channels', 'components'],
    );
    assert.deepEqual(
      symbols[3]?.children?.map((topic) => [topic.name, topic.children?.map((operation) => operation.name)]),
      [['/rooms/{roomID}', ['SUB']]],
    );
    const topics = await client.send(WorkspaceSymbolRequest.type, { query: 'rooms' });
    assert.deepEqual(
      topics?.map((topic) => `${topic.name} ${'containerName' in topic ? topic.containerName : ''}`),
      ['/rooms/{roomID} Chats 1.0.0'],
    );
    const folding = await client.send(FoldingRangeRequest.type, { textDocument });
    assert.ok(folding?.some((range) => range.startLine === 8 && range.endLine === 17));
    const [selection] =
      (await client.send(SelectionRangeRequest.type, {
        textDocument,
        positions: [at(DEFINITION, 'string')],
      })) ?? [];
    assert.deepEqual(selection?.range, { start: at(DEFINITION, 'string'), end: at(DEFINITION, 'string', 6) });
    assert.deepEqual(selection?.parent?.range.start, at(DEFINITION, 'type: string'));
  });

  test('a quick fix from the server, applied, makes its diagnostic go', async () => {
    const broken = DEFINITION.replace('room={uri.var.roomID}', 'room={roomID}');
    const uri = pathToFileURL(join(folder, 'standalone.asyncapi.yaml')).href;
    const hasBare = (params: PublishDiagnosticsParams): boolean =>
      params.diagnostics.some((d) => d.code === 'uri-mapping-bare-variable');
    await client.open(uri, 'yaml', broken);
    const published = await client.diagnostics(uri, hasBare);
    const diagnostic = published.diagnostics.find(
      (d) => d.code === 'uri-mapping-bare-variable',
    ) as Diagnostic;
    const actions = (await client.send(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((action) => action.title),
      ["Write '{uri.var.roomID}'"],
    );
    const fixed = applyEdits(broken, actions[0]?.edit?.changes?.[uri] ?? []);
    assert.equal(fixed, DEFINITION);
    await client.replace(uri, fixed);
    await client.diagnostics(uri, (params) => params.version === 2 && !hasBare(params));
  });

  test("'did you mean' from the schema check, applied", async () => {
    const broken = DEFINITION.replace('channels:', 'chanels:');
    const uri = pathToFileURL(join(folder, 'typo.asyncapi.yaml')).href;
    const typo = (params: PublishDiagnosticsParams): Diagnostic | undefined =>
      params.diagnostics.find((d) => d.message.includes("'chanels'"));
    await client.open(uri, 'yaml', broken);
    const diagnostic = typo(await client.diagnostics(uri, (params) => typo(params) !== undefined));
    assert.ok(diagnostic);
    const actions = (await client.send(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((action) => action.title),
      ["Change to 'channels'"],
    );
    const fixed = applyEdits(broken, actions[0]?.edit?.changes?.[uri] ?? []);
    assert.equal(fixed, DEFINITION);
    await client.replace(uri, fixed);
    await client.diagnostics(
      uri,
      (params) =>
        params.version === 2 &&
        params.diagnostics.some((d) => d.source === 'asyncapi-parser') &&
        typo(params) === undefined,
    );
  });
});
