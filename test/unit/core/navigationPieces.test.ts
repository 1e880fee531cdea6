import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { parseDocument, ParseCache } from '../../../core/src';
import { generateDocument } from '../../../core/src/document/sampleDocument';
import { buildTree, sourceFile, treeFromPieces, type TreeNode } from '../../../core/src/language';
import { loadManifest } from '../../support/corpus';
import { CORPUS_DIR } from '../../support/paths';
import { editOneLine, seededBelow } from '../../support/seeded';

/** The tree of a text from the pieces of a cache that has just parsed it. */
function fromPieces(text: string, cache = new ParseCache(0)): TreeNode | undefined {
  cache.parse(text);
  return treeFromPieces(cache, text);
}

/** The first place two trees differ, as a path and what differs; undefined when they are equal. */
function firstDifference(actual: TreeNode | undefined, expected: TreeNode | undefined): string | undefined {
  if (actual === undefined || expected === undefined) {
    return actual === expected ? undefined : `tree ${actual === undefined ? 'missing' : 'unexpected'}`;
  }
  const { children: actualChildren, ...actualOwn } = actual;
  const { children: expectedChildren, ...expectedOwn } = expected;
  if (
    JSON.stringify(actualOwn) !== JSON.stringify(expectedOwn) ||
    actualChildren.length !== expectedChildren.length
  ) {
    return `${JSON.stringify(expected.path)}: ${JSON.stringify(actualOwn)} (${actualChildren.length} children), not ${JSON.stringify(expectedOwn)} (${expectedChildren.length})`;
  }
  for (const [index, child] of actualChildren.entries()) {
    const found = firstDifference(child, expectedChildren[index]);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

/** What a one-line edit may insert: plain text, and what changes how YAML reads the line. */
const EDITS = [' ', 'x', ':', '- ', '  ', '"', '{', '[', '|', '&a ', '*a', '#', 'x: y', '? ', ' # note'];

suite('Navigation tree from the pieces of a YAML parse', () => {
  const yamlDocuments = loadManifest()
    .filter((entry) => entry.format === 'yaml')
    .map((entry) => ({ file: entry.file, text: readFileSync(join(CORPUS_DIR, entry.file), 'utf8') }));

  test('every YAML document of the corpus: the same tree as a parse of the whole, and most are assembled', () => {
    let assembled = 0;
    const wrong = yamlDocuments.flatMap(({ file, text }) => {
      const tree = fromPieces(text);
      if (tree === undefined) {
        return [];
      }
      assembled++;
      const found = firstDifference(tree, buildTree(text, 'yaml'));
      return found === undefined ? [] : [`${file}: ${found}`];
    });
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.ok(assembled >= yamlDocuments.length * 0.8, `${assembled} of ${yamlDocuments.length} assembled`);
  });

  test('120 seeded random one-line edits of generated documents, through one cache per document', () => {
    const next = seededBelow(11);
    const wrong: string[] = [];
    let assembled = 0;
    for (const [n, base] of [generateDocument('2.6.0', 1500), generateDocument('3.0.0', 1500)].entries()) {
      const cache = new ParseCache(0);
      for (let round = 0; round < 60; round++) {
        // Each edit is of the base text, through one cache: its other pieces come from the previous parses.
        const text = editOneLine(base, next, EDITS);
        const tree = fromPieces(text, cache);
        const clean = !parseDocument(text, 'yaml').problems.some((problem) => problem.severity === 'error');
        if (clean && tree === undefined) {
          wrong.push(`document ${n}, round ${round}: free of syntax errors, yet not assembled`);
        }
        if (tree !== undefined) {
          assembled++;
          const found = firstDifference(tree, buildTree(text, 'yaml'));
          if (found !== undefined) {
            wrong.push(`document ${n}, round ${round}: ${found}`);
          }
        }
      }
    }
    assert.deepEqual(wrong, []);
    // Most random edits break the text (it is then read whole); those that do not are all assembled.
    assert.ok(assembled >= 25, `${assembled} of 120 edits assembled`);
  });

  test('after a one-line edit of a large document, only the edited piece is parsed and the tree is the same', () => {
    const text = generateDocument('2.6.0', 5000);
    const cache = new ParseCache();
    cache.parse(text);
    assert.equal(firstDifference(treeFromPieces(cache, text), buildTree(text, 'yaml')), undefined);
    const edit = text.replace(
      '      operationId: receiveTicker40\n',
      '      operationId: receiveTicker40x\n',
    );
    cache.parse(edit);
    assert.equal(cache.lastParse.parsed, 1);
    const tree = treeFromPieces(cache, edit);
    assert.equal(firstDifference(tree, buildTree(edit, 'yaml')), undefined);
    assert.ok(tree !== undefined);
  });

  test('duplicate keys across pieces are all kept, in document order, as in a tree of the whole', () => {
    const channel = (n: number): string => `  /c${n}:\n    description: ${'x'.repeat(200)}\n`;
    const channels = Array.from({ length: 40 }, (_, n) => channel(n)).join('');
    const text = `asyncapi: 2.6.0\ninfo:\n  title: t\n  version: '1'\nchannels:\n${channels}${channel(3)}info:\n  title: again\nchannels:\n${channels}`;
    const tree = fromPieces(text);
    assert.equal(firstDifference(tree, buildTree(text, 'yaml')), undefined);
    assert.deepEqual(
      tree?.children.map((child) => child.path),
      [['asyncapi'], ['info'], ['channels'], ['info'], ['channels']],
    );
    assert.equal(tree?.children[2]?.children.filter((child) => child.path[1] === '/c3').length, 2);
  });

  test('comments before, between and after entries, at every indentation, and empty values', () => {
    const entry = (n: number): string =>
      `  # before ${n}\n  k${n}:\n    a: ${'v'.repeat(150)}\n      # deeper ${n}\n    empty:\n  # after ${n}\n\n`;
    const block = Array.from({ length: 40 }, (_, n) => entry(n)).join('');
    const text = `# head\n\nasyncapi: 2.6.0\n# between\nchannels:\n  # first\n${block}# top after\ncomponents:\n${block}\n# end\n\n`;
    const tree = fromPieces(text);
    assert.ok(tree !== undefined, 'assembled from pieces');
    assert.equal(firstDifference(tree, buildTree(text, 'yaml')), undefined);
  });

  test('no tree from pieces when the cache last parsed another text, a short text, or a text not cut', () => {
    const text = generateDocument('2.6.0', 1000);
    const cache = new ParseCache(0);
    cache.parse(text);
    assert.equal(treeFromPieces(cache, `${text}# more\n`), undefined);
    assert.equal(treeFromPieces(undefined, text), undefined);
    cache.parse('- a\n- b\n');
    assert.equal(treeFromPieces(cache, '- a\n- b\n'), undefined);
    assert.equal(treeFromPieces(cache, text), undefined);
    const large = new ParseCache();
    large.parse('a: 1\n');
    assert.equal(treeFromPieces(large, 'a: 1\n'), undefined);
    // Navigation then reads the whole text: the same file either way.
    assert.deepEqual(sourceFile('file:///a.yaml', text, 'yaml', cache), sourceFile('file:///a.yaml', text));
  });

  test('a piece with a syntax error: no tree from pieces, the whole text is read', () => {
    const text = generateDocument('2.6.0', 1000).replace(
      '      operationId: receiveTicker3\n',
      '      operationId: [\n',
    );
    const cache = new ParseCache(0);
    assert.ok(cache.parse(text) !== undefined);
    assert.equal(treeFromPieces(cache, text), undefined);
    assert.deepEqual(sourceFile('file:///a.yaml', text, 'yaml', cache)?.tree, buildTree(text, 'yaml'));
  });
});
