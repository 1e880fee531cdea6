import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';

import { parseDocument, ParseCache } from '../../../core/src';
import { reparseJson } from '../../../core/src/document/jsonEdit';
import { loadManifest } from '../../support/corpus';
import { plainJson } from '../../support/jsonTree';
import { CORPUS_DIR } from '../../support/paths';
import { seededRandom } from '../../support/seeded';

/** Every child's parent is the node that lists it; the root has none. */
function assertLinked(root: JsonNode, name: string): void {
  assert.equal(root.parent, undefined, `${name}: the root has no parent`);
  const pending = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    for (const child of node.children ?? []) {
      assert.equal(child.parent, node, `${name}: a child's parent at ${child.offset}`);
      pending.push(child);
    }
  }
}

function whole(text: string): { tree: JsonNode | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  return { tree, errors };
}

const INSERTS = [' ', '\n', '1', 'x', '"', ',', '{}', '[]', '"k": 1, ', '0, '];

/** One random edit: an insertion from INSERTS, or 1 to 3 characters deleted. */
function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  if (next() < 0.5) {
    const insert = INSERTS[Math.floor(next() * INSERTS.length)] ?? ' ';
    return text.slice(0, at) + insert + text.slice(at);
  }
  return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
}

void suite('reparseJson: a JSON tree after an edit, from the tree before it', () => {
  void test('equals parseTree of the new text on random edits of every strict corpus JSON file, one after another', () => {
    const files = loadManifest().filter((entry) => entry.format === 'json');
    let reparsed = 0;
    let refused = 0;
    for (const [index, entry] of files.entries()) {
      let text = readFileSync(join(CORPUS_DIR, entry.file), 'utf8');
      const first = whole(text);
      if (first.tree === undefined || first.errors.length > 0) {
        continue;
      }
      let tree: JsonNode = first.tree;
      const next = seededRandom(index + 1);
      for (let round = 0; round < 30; round++) {
        const changed = edit(text, next);
        const before: string = JSON.stringify(plainJson(tree));
        const got = reparseJson(text, tree, changed);
        assert.equal(
          JSON.stringify(plainJson(tree)),
          before,
          `${entry.file} #${round}: the tree before is left as it was`,
        );
        const expected = whole(changed);
        if (got === undefined) {
          refused++;
          continue; // the caller parses the whole text
        }
        const name = `${entry.file} #${round}`;
        assert.deepEqual(expected.errors, [], `${name}: a tree only for strict JSON`);
        assert.deepEqual(plainJson(got), plainJson(expected.tree as JsonNode), name);
        assertLinked(got, name);
        reparsed++;
        text = changed;
        tree = got;
      }
    }
    assert.ok(reparsed > 100, `${reparsed} edits read from the tree before`);
    assert.ok(refused > 0, `${refused} edits left to a whole parse`);
  });

  void test('a large document edited through its cache reads as a whole parse does, duplicate keys included', () => {
    const path = 'multi-file/asyncapi__parser-js@v1.18.1__test/good/zbos_mqtt-all-asyncapi.json';
    const text = readFileSync(join(CORPUS_DIR, path), 'utf8');
    const cache = new ParseCache();
    parseDocument(text, 'json', cache);
    const at = text.indexOf('"info": {') + '"info": {'.length;
    const edits = [
      text.slice(0, at) + '"title": "again", ' + text.slice(at), // a second "title" in info
      text.slice(0, at) + ' ' + text.slice(at),
      text.slice(0, text.length - 3) + ' ' + text.slice(text.length - 3),
    ];
    for (const changed of edits) {
      assert.notEqual(cache.editedJson(changed), undefined);
      const edited = parseDocument(changed, 'json', cache);
      const fresh = parseDocument(changed, 'json');
      assert.deepEqual(edited.root, fresh.root);
      assert.deepEqual(edited.problems, fresh.problems);
      assert.deepEqual(
        edited.locator.locate(['info', 'title'], 'key'),
        fresh.locator.locate(['info', 'title'], 'key'),
      );
    }
    assert.equal(parseDocument(edits[0] ?? '', 'json').problems[0]?.code, 'json-duplicate-key');
  });
});
