import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';

import { parseDocument, ParseCache } from '../../../core/src';
import { JsonSteps, type JsonRead } from '../../../core/src/document/jsonSteps';
import { loadManifest } from '../../support/corpus';
import { plainJson } from '../../support/jsonTree';
import { CORPUS_DIR } from '../../support/paths';

/** Reads in the smallest steps there are (budget 0: one batch of tokens per step), counting the steps. */
function readInSteps(text: string): { outcome: JsonRead | 'failed'; steps: number } {
  const reader = new JsonSteps(text);
  for (let steps = 1; ; steps++) {
    const outcome = reader.step(0);
    if (outcome !== undefined) {
      return { outcome, steps };
    }
  }
}

/** What parseTree makes of a text as wsapi reads JSON: strict, no comments, no trailing commas. */
function whole(text: string): { tree: JsonNode | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  return { tree, errors };
}

/** Steps give parseTree's tree and the whole parse's duplicate keys, or give up exactly where parseTree errs. */
function assertSameAsWhole(text: string, name: string): 'read' | 'failed' {
  const { outcome } = readInSteps(text);
  const expected = whole(text);
  if (expected.errors.length > 0 || expected.tree === undefined) {
    assert.equal(outcome, 'failed', `${name}: gives up on what is not strict JSON`);
    return 'failed';
  }
  assert.notEqual(outcome, 'failed', `${name}: strict JSON is read`);
  if (outcome === 'failed') {
    return 'failed';
  }
  assert.deepEqual(plainJson(outcome.tree), plainJson(expected.tree), name);
  assert.deepEqual(outcome.duplicateKeys, parseDocument(text, 'json').problems, name);
  return 'read';
}

const CASES: ReadonlyArray<readonly [string, string]> = [
  ['nested objects and arrays', '{"a": {"b": [1, 2.5e3, -0, {"c": null}]}, "d": [], "e": {}, "f": true}'],
  ['a top-level array', '[{"a": 1}, "x", false]'],
  ['a top-level scalar', '  "only"  '],
  ['escapes and unicode', '{"k\\"ey": "line\\nbreak \\u00e9", "é": "ü"}'],
  ['CRLF and tabs', '{\r\n\t"a": 1,\r\n\t"b": [\r\n\t\t2\r\n\t]\r\n}\r\n'],
  ['duplicate keys at two depths', '{"a": 1, "b": {"x": 1, "x": 2}, "a": 3}'],
  ['a trailing comma', '{"a": 1,}'],
  ['a trailing comma in an array', '[1, 2,]'],
  ['a comment', '{"a": 1 // one\n}'],
  ['a missing comma', '{"a": 1 "b": 2}'],
  ['a missing colon', '{"a" 1}'],
  ['an unclosed object', '{"a": {"b": 1}'],
  ['two roots', '{} {}'],
  ['a single-quoted string', "{'a': 1}"],
  ['an unterminated string', '{"a": "b}'],
  ['a bad number', '{"a": 01}'],
  ['an empty text', ''],
  ['a key that is a number', '{1: 2}'],
];

void suite('JsonSteps: a JSON text read in steps', () => {
  for (const [name, text] of CASES) {
    void test(`${name}: parseTree's tree, or gives up where parseTree reports an error`, () => {
      assertSameAsWhole(text, name);
    });
  }

  void test('every JSON file of the corpus, and truncations of them, read in steps as parseTree reads them', () => {
    const files = loadManifest().filter((entry) => entry.format === 'json');
    assert.ok(files.length >= 20, `expected JSON files in the corpus, found ${files.length}`);
    let read = 0;
    let failed = 0;
    for (const entry of files) {
      const text = readFileSync(join(CORPUS_DIR, entry.file), 'utf8');
      read += assertSameAsWhole(text, entry.file) === 'read' ? 1 : 0;
      // Cut at a few places: a half-typed document never gives a tree that differs from parseTree's.
      for (const fraction of [0.1, 0.5, 0.93]) {
        const cut = text.slice(0, Math.floor(text.length * fraction));
        failed += assertSameAsWhole(cut, `${entry.file} cut at ${fraction}`) === 'failed' ? 1 : 0;
      }
    }
    assert.ok(read >= 20, `most corpus JSON files are strict JSON (${read})`);
    assert.ok(failed > 0);
  });

  void test('a large document takes many steps, and the parse after priming uses the tree it read', () => {
    const text = readFileSync(
      join(CORPUS_DIR, 'multi-file/asyncapi__parser-js@v1.18.1__test/good/zbos_mqtt-all-asyncapi.json'),
      'utf8',
    );
    assert.ok(readInSteps(text).steps > 10);
    const cache = new ParseCache();
    assert.equal(cache.jsonTree(text), undefined);
    while (!cache.prime(text, 0, 'json')) {
      // read on
    }
    assert.ok(cache.jsonTree(text) !== undefined);
    const primed = parseDocument(text, 'json', cache);
    const fresh = parseDocument(text, 'json');
    assert.deepEqual(primed.root, fresh.root);
    assert.deepEqual(primed.problems, fresh.problems);
    for (const path of [
      ['channels'],
      ['components', 'schemas'],
      ['info', 'title'],
      ['nowhere', 'at', 'all'],
    ]) {
      assert.deepEqual(primed.locator.locate(path, 'key'), fresh.locator.locate(path, 'key'));
      assert.deepEqual(primed.locator.locate(path, 'value'), fresh.locator.locate(path, 'value'));
    }
    // Another text (an edit) is parsed whole: the read is only for the text it was made of.
    assert.equal(cache.jsonTree(`${text} `), undefined);
  });
});
