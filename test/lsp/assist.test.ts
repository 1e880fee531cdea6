import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, suite, test } from 'node:test';
import {
  CompletionItemKind,
  CompletionRequest,
  HoverRequest,
  InsertTextFormat,
  InsertTextMode,
  type CompletionItem,
  type CompletionList,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { GatewayListenersNotification } from '../../core/src/protocol';
import { listDirectoryUri } from '../../server/src/node/nodeRuntime';
import { LspTestClient } from '../support/lspClient';
import { positionOf, takeMarker } from '../support/positions';
import { testRuntime } from '../support/serverRuntime';
import { apiYamlText } from '../support/apiYamlFixture';

const API_YAML = apiYamlText({ endpoint: 'ws://ws.ifelse.io:80' });

const DEFINITION = `asyncapi: 2.0.0
info:
  title: Chats
  version: 1.0.0
servers:
  production:
    url: ws://ws.ifelse.io:80
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
        $ref: './messages.yaml#/components/messages/Chat'
`;

const MESSAGES = `components:
  messages:
    Chat:
      payload:
        type: string
`;

suite('LSP: completion and hover over the real protocol', () => {
  let client: LspTestClient;
  let folder: string;
  let definition: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'wsapi-assist-'));
    mkdirSync(join(folder, 'Definitions'));
    writeFileSync(join(folder, 'api.yaml'), API_YAML);
    writeFileSync(join(folder, 'Definitions', 'asyncapi.yaml'), DEFINITION);
    writeFileSync(join(folder, 'Definitions', 'messages.yaml'), MESSAGES);
    definition = pathToFileURL(join(folder, 'Definitions', 'asyncapi.yaml')).href;
    client = LspTestClient.inProcess({
      ...testRuntime({ officialParser: false }),
      listDirectory: listDirectoryUri,
    });
  });
  after(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Opens (or replaces) the document with the marked text and completes at the marker. */
  async function completeAt(
    uri: string,
    marked: string,
    opened: Set<string>,
  ): Promise<{ text: string; items: CompletionItem[] }> {
    const { text, offset } = takeMarker(marked);
    if (opened.has(uri)) {
      await client.replace(uri, text);
    } else {
      opened.add(uri);
      await client.open(uri, 'yaml', text);
    }
    const result = (await client.send(CompletionRequest.type, {
      textDocument: { uri },
      position: positionOf(text, offset),
    })) as CompletionList;
    return { text, items: result.items };
  }

  const apply = (text: string, item: CompletionItem | undefined): string => {
    assert.ok(item?.textEdit, 'an item with an edit');
    const document = TextDocument.create('file:///x', 'yaml', 0, text);
    return TextDocument.applyEdits(document, [item.textEdit as TextEdit]);
  };

  const opened = new Set<string>();

  test('the server announces completion and hover', async () => {
    // As VS Code does: it expands snippets.
    const result = await client.initialize(
      [],
      {},
      { completion: { completionItem: { snippetSupport: true } } },
    );
    assert.ok(result.capabilities.completionProvider);
    assert.equal(result.capabilities.hoverProvider, true);
  });

  test('a half-typed key completes to a snippet and keys already there are not offered', async () => {
    const marked = DEFINITION.replace('    protocol: ws\n', '    proto|\n');
    const { text, items } = await completeAt(definition, marked, opened);
    const labels = items.map((item) => item.label);
    assert.ok(!labels.includes('url'), labels.join(', '));
    const protocol = items.find((item) => item.label === 'protocol');
    assert.equal(protocol?.insertTextFormat, 2);
    assert.match(apply(text, protocol), /\n {4}protocol: \$\{1\|ws,wss\|\}\nchannels:/);
  });

  test('after an edit the new text is used (documents are read once per version)', async () => {
    const { items } = await completeAt(
      definition,
      DEFINITION.replace('    protocol: ws\n', '    protocol: ws\n    |\n'),
      opened,
    );
    assert.ok(!items.some((item) => item.label === 'protocol'));
    assert.ok(items.some((item) => item.label === 'description'));
  });

  test('$ref completion lists the files beside the document and the components inside one', async () => {
    const files = await completeAt(
      definition,
      DEFINITION.replace("$ref: './messages.yaml#/components/messages/Chat'", "$ref: '|'"),
      opened,
    );
    assert.deepEqual(
      files.items.map((item) => item.label).filter((label) => label.startsWith('./')),
      ['./messages.yaml'],
    );
    const inside = await completeAt(
      definition,
      DEFINITION.replace("#/components/messages/Chat'", "#|'"),
      opened,
    );
    const chat = inside.items.find((item) => item.label === './messages.yaml#/components/messages/Chat');
    assert.match(apply(inside.text, chat), /\$ref: '\.\/messages\.yaml#\/components\/messages\/Chat'\n$/);
  });

  test("a new channel offers the topic snippet of the document's version, as a Snippet item", async () => {
    const { text, items } = await completeAt(
      definition,
      DEFINITION.replace('channels:\n', 'channels:\n  top|\n'),
      opened,
    );
    const snippets = items.filter((item) => item.kind === CompletionItemKind.Snippet);
    assert.deepEqual(
      snippets.map((item) => `${item.label} (${item.detail})`),
      ['topic (AsyncAPI 2.x snippet)'],
    );
    assert.equal(snippets[0]?.insertTextFormat, InsertTextFormat.Snippet);
    // Lines after the first are relative to the line it is inserted on: the editor indents them like it.
    assert.equal(snippets[0]?.insertTextMode, InsertTextMode.adjustIndentation);
    assert.match(
      apply(text, snippets[0]),
      /\nchannels:\n {2}\/\$\{1:rooms\}\/\{\$\{2:roomID\}\\\}:\n {2}parameters:\n {4}\$\{2:roomID\}:\n/,
    );
    const v3 = pathToFileURL(join(folder, 'v3.asyncapi.yaml')).href;
    const operations = await completeAt(v3, 'asyncapi: 3.0.0\noperations:\n  |\n', opened);
    assert.deepEqual(
      operations.items.filter((item) => item.kind === CompletionItemKind.Snippet).map((item) => item.label),
      ['topic operations'],
    );
  });

  test('an editor without snippets (neovim 0.7) gets their text with every tab stop at its default', async () => {
    const plain = LspTestClient.inProcess(testRuntime({ officialParser: false }));
    try {
      await plain.initialize();
      const marked = 'asyncapi: 2.6.0\nservers:\n  |\n';
      const { text, offset } = takeMarker(marked);
      const uri = pathToFileURL(join(folder, 'plain.asyncapi.yaml')).href;
      await plain.open(uri, 'yaml', text);
      const result = (await plain.send(CompletionRequest.type, {
        textDocument: { uri },
        position: positionOf(text, offset),
      })) as CompletionList;
      const server = result.items.find((item) => item.label === 'ws server');
      assert.equal(server?.insertTextFormat, InsertTextFormat.PlainText);
      assert.equal(
        (server?.textEdit as TextEdit | undefined)?.newText,
        'production:\n  url: ws://localhost:8080\n  protocol: ws',
      );
      assert.ok(result.items.every((item) => item.insertTextFormat === InsertTextFormat.PlainText));
    } finally {
      await plain.dispose();
    }
  });

  test('{uri.var.|} offers the topic parameters', async () => {
    const { text, items } = await completeAt(
      definition,
      DEFINITION.replace('{uri.var.roomID}', '{uri.var.|'),
      opened,
    );
    assert.deepEqual(
      items.map((item) => item.label),
      ['uri.var.roomID'],
    );
    assert.match(apply(text, items[0]), /x-uri-mapping: \/rooms\?room=\{uri\.var\.roomID\}\n/);
  });

  test('hover on a topic shows the gateway URL and the backend URL from the project on disk', async () => {
    await client.replace(definition, DEFINITION);
    const { offset } = takeMarker(DEFINITION.replace('/rooms/{roomID}:', '/ro|oms/{roomID}:'));
    const hover = await client.send(HoverRequest.type, {
      textDocument: { uri: definition },
      position: positionOf(DEFINITION, offset),
    });
    const contents = hover?.contents as { kind: string; value: string } | undefined;
    assert.match(
      contents?.value ?? '',
      /ws:\/\/localhost:9099\/chats\/1\.0\.0\/rooms\/\{roomID\} -> ws:\/\/ws\.ifelse\.io:80\/rooms\?room=\{roomID\}/,
    );
    assert.deepEqual(hover?.range, { start: { line: 9, character: 2 }, end: { line: 9, character: 17 } });
  });

  test("hover follows the editor's gateway: its URL while it runs (no wss), WSO2's ports once it stops", async () => {
    await client.replace(definition, DEFINITION);
    const { offset } = takeMarker(DEFINITION.replace('/rooms/{roomID}:', '/ro|oms/{roomID}:'));
    const urls = async (): Promise<string[]> => {
      const hover = await client.send(HoverRequest.type, {
        textDocument: { uri: definition },
        position: positionOf(DEFINITION, offset),
      });
      const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
      return value.split('\n').flatMap((line) => line.match(/^(wss?:\/\/[^/]+)\//)?.[1] ?? []);
    };
    await client.notify(GatewayListenersNotification.type, { url: 'ws://127.0.0.1:41234' });
    assert.deepEqual(await urls(), ['ws://127.0.0.1:41234']);
    await client.notify(GatewayListenersNotification.type, {});
    assert.deepEqual(await urls(), ['ws://localhost:9099', 'wss://localhost:8099']);
  });

  test('a YAML file that is not an API definition gets nothing, and a broken one does not break the server', async () => {
    const plain = pathToFileURL(join(folder, 'plain.yaml')).href;
    const { items } = await completeAt(plain, 'name: x\n|', opened);
    assert.deepEqual(items, []);
    const broken = pathToFileURL(join(folder, 'broken.yaml')).href;
    const garbage = await completeAt(broken, 'asyncapi: 3.0.0\n  - : [{\n"\'|\n:::\n', opened);
    assert.ok(Array.isArray(garbage.items));
    const hover = await client.send(HoverRequest.type, {
      textDocument: { uri: broken },
      position: { line: 1, character: 3 },
    });
    assert.equal(hover, null);
  });
});
