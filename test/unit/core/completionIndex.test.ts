import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { type DocumentIndex, indexDocument } from '../../../core/src/language';

const BASE = `asyncapi: 2.6.0
info:
  title: Chat
  description: |
    A block scalar.
      key: not a key
  version: 1.0.0
servers:
  production:
    url: ws://localhost
    protocol: ws
channels:
  /rooms/{roomID}:
    subscribe:
      x-uri-mapping: /rooms?room={uri.var.roomID}
      message: {$ref: '#/components/messages/Chat'}
tags:
  - name: a
  - name: b
components:
  messages:
    Chat:
      payload:
        type: string
`;

/** Edits as [find, replace]: the document after each is read from the previous version's index. */
const EDITS: ReadonlyArray<readonly [string, string]> = [
  ['    protocol: ws\n', '    protocol: wss\n    proto\n'],
  ['  - name: b\n', ''],
  ['channels:\n', 'channels:\n  /new: {}\n'],
  ['    A block scalar.\n', '    A block scalar.\n  version: 2\n'],
  ['  description: |\n', '  description: plain\n'],
  ['        type: string\n', '        type: string\n        format: x'],
  ['asyncapi: 2.6.0', 'asyncapi: 3.0.0'],
  ['\n', '\r\n'],
];

/** Everything completion and hover ask of an index, at every `step`-th offset. */
function observe(index: DocumentIndex, step = 1): string {
  const seen: unknown[] = [];
  for (let offset = 0; offset <= index.text.length; offset += step) {
    seen.push(index.contextAt(offset), index.nodeAt(offset));
  }
  for (const path of [[], ['channels'], ['info'], ['tags', 1], ['components', 'messages', 'Chat']]) {
    seen.push(index.keysAt(path), index.sourceAt(path));
  }
  return JSON.stringify(seen);
}

suite('the document index of an edited version', () => {
  test('reads the same as an index built from scratch, edit after edit', () => {
    let text = BASE;
    let index = indexDocument(text, 'yaml');
    for (const [find, replace] of EDITS) {
      assert.ok(text.includes(find), find);
      text = text.replace(find, replace);
      index = indexDocument(text, 'yaml', index);
      assert.equal(
        observe(index),
        observe(indexDocument(text, 'yaml')),
        `after replacing ${JSON.stringify(find)}`,
      );
    }
  });

  test('in a document of many 4 KiB chunks, edits at its start, middle and end', () => {
    const channels = Array.from(
      { length: 120 },
      (_, i) => `  /topic${i}:\n    subscribe:\n      message: {$ref: '#/components/messages/M${i}'}\n`,
    );
    let text = `asyncapi: 2.6.0\nchannels:\n${channels.join('')}tags:\n  - name: end\n`;
    let index = indexDocument(text, 'yaml');
    const edits: Array<(current: string) => string> = [
      (current) => current.replace('asyncapi: 2.6.0', 'asyncapi: 2.6.0 '),
      (current) => current.replace('  /topic60:\n', '  /topic60:\n    description: new\n'),
      (current) => current.replace('  /topic61:\n    subscribe:\n', ''),
      (current) => current.replace('name: end', 'name: the end'),
      (current) => `${current}x: 1`,
    ];
    for (const edit of edits) {
      const before = text;
      text = edit(text);
      assert.notEqual(text, before);
      index = indexDocument(text, 'yaml', index);
      assert.equal(observe(index, 5), observe(indexDocument(text, 'yaml'), 5));
    }
  });
});
