import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { generateDocument } from '../../../core/src/document/sampleDocument';
import { parseDocument, ParseCache, type JsonPath, type ParsedDocument } from '../../../core/src';
import { loadManifest } from '../../support/corpus';
import { CORPUS_DIR } from '../../support/paths';
import { editOneLine, seededBelow } from '../../support/seeded';

/** Every path of a value down to `depth`, at most `limit` of them. */
function pathsOf(value: unknown, depth = 6, limit = 2000): JsonPath[] {
  const found: JsonPath[] = [];
  const walk = (node: unknown, path: JsonPath): void => {
    if (found.length >= limit) {
      return;
    }
    found.push(path);
    if (path.length >= depth || typeof node !== 'object' || node === null) {
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      walk(child, [...path, Array.isArray(node) ? Number(key) : key]);
    }
  };
  walk(value, []);
  return [
    ...found,
    ['missing'],
    ['channels', 'missing'],
    ['channels', 'missing', 'deeper'],
    ['info', 'missing'],
  ];
}

/** What differs between a parse in pieces and the parse of the whole text (nothing, when they agree). */
function differences(text: string, pieces: ParsedDocument): string[] {
  const whole = parseDocument(text, 'yaml');
  const found: string[] = [];
  if (JSON.stringify(whole.root) !== JSON.stringify(pieces.root)) {
    found.push('root');
  }
  if (JSON.stringify(whole.problems) !== JSON.stringify(pieces.problems)) {
    found.push(`problems: ${JSON.stringify(whole.problems)} vs ${JSON.stringify(pieces.problems)}`);
  }
  for (const path of pathsOf(whole.root)) {
    for (const target of ['key', 'value'] as const) {
      const expected = whole.locator.locate(path, target);
      const actual = pieces.locator.locate(path, target);
      if (expected.start !== actual.start || expected.end !== actual.end) {
        found.push(
          `${JSON.stringify(path)} ${target}: ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`,
        );
      }
    }
  }
  return found;
}

const EDITS = [
  ' ',
  ':',
  '- ',
  '  ',
  '"',
  "'",
  '{',
  '[',
  '|',
  '>',
  '&a ',
  '*a',
  '#',
  '\t',
  'x: y',
  '---',
  '? ',
];

suite('YAML parsed in pieces', () => {
  const yamlDocuments = loadManifest()
    .filter((entry) => entry.format === 'yaml')
    .map((entry) => ({ file: entry.file, text: readFileSync(join(CORPUS_DIR, entry.file), 'utf8') }));

  test('every YAML document of the corpus reads exactly as when parsed whole: values, problems, ranges', () => {
    const wrong = yamlDocuments.flatMap(({ file, text }) => {
      const pieces = new ParseCache(0).parse(text);
      return pieces === undefined ? [] : differences(text, pieces).map((what) => `${file}: ${what}`);
    });
    assert.deepEqual(wrong.slice(0, 5), []);
  });

  test('the corpus is really cut: most documents parse in pieces', () => {
    const cut = yamlDocuments.filter(({ text }) => new ParseCache(0).parse(text) !== undefined);
    assert.ok(cut.length >= yamlDocuments.length * 0.9, `${cut.length} of ${yamlDocuments.length} cut`);
  });

  test('120 seeded random edits of large documents: same errors, same values as a parse of the whole', () => {
    const next = seededBelow(7);
    const bases = [
      generateDocument('2.6.0', 2000),
      generateDocument('3.0.0', 2000),
      ...yamlDocuments
        .filter(({ text }) => text.length > 20_000 && text.length < 100_000)
        .map(({ text }) => text),
    ].slice(0, 4);
    const wrong: string[] = [];
    for (const [n, base] of bases.entries()) {
      for (let round = 0; round < 30; round++) {
        const text = editOneLine(base, next, EDITS);
        const pieces = new ParseCache(0).parse(text);
        const whole = parseDocument(text, 'yaml');
        const broken = (parsed: ParsedDocument): boolean =>
          parsed.problems.some((p) => p.severity === 'error');
        if (pieces !== undefined && broken(pieces) !== broken(whole)) {
          wrong.push(
            `document ${n}, round ${round}: errors ${broken(pieces)} in pieces, ${broken(whole)} whole`,
          );
        } else if (
          pieces !== undefined &&
          !broken(whole) &&
          JSON.stringify(pieces.root) !== JSON.stringify(whole.root)
        ) {
          wrong.push(`document ${n}, round ${round}: values differ`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('40 seeded edits in sequence on one cache (each cut made from the one before): read as when parsed whole', () => {
    const next = seededBelow(21);
    const wrong: string[] = [];
    const compared = { whole: 0, errors: 0 };
    for (const base of [generateDocument('2.6.0', 1000), generateDocument('3.0.0', 1000)]) {
      const cache = new ParseCache();
      let text = base;
      for (let round = 0; round < 20; round++) {
        // Now and then back to the start, as an undo does, so that not every text is broken.
        text = editOneLine(next(4) === 0 ? base : text, next, EDITS);
        const pieces = cache.parse(text);
        const whole = parseDocument(text, 'yaml');
        const broken = (parsed: ParsedDocument): boolean =>
          parsed.problems.some((p) => p.severity === 'error');
        if (pieces === undefined) {
          continue;
        }
        if (broken(whole) || broken(pieces)) {
          compared.errors++;
          if (broken(pieces) !== broken(whole)) {
            wrong.push(`round ${round}: errors ${broken(pieces)} in pieces, ${broken(whole)} whole`);
          }
        } else {
          compared.whole++;
          wrong.push(...differences(text, pieces).map((what) => `round ${round}: ${what}`));
        }
      }
    }
    assert.deepEqual(wrong.slice(0, 5), []);
    assert.ok(compared.whole >= 15, `${JSON.stringify(compared)}: most edited texts read without errors`);
  });

  test('a one-line edit of a 20,000-line document parses one piece again', () => {
    const text = generateDocument('2.6.0', 20_000);
    const cache = new ParseCache();
    const first = cache.parse(text);
    assert.ok(first !== undefined);
    assert.equal(cache.lastParse.parsed, cache.lastParse.pieces);
    assert.ok(cache.lastParse.pieces > 50, `${cache.lastParse.pieces} pieces`);
    const edited = text.replace(/(description: Generated for benchmarks\.)/, '$1 Edited.');
    const second = cache.parse(edited);
    assert.deepEqual(cache.lastParse.parsed, 1);
    assert.deepEqual(second?.problems, []);
    assert.deepEqual(differences(edited, second), []);
    // The last line lies deep in components: large mappings are cut at every depth, not only the first.
    const lines = edited.trimEnd().split('\n');
    const deep = [...lines.slice(0, -1), `${lines.at(-1) ?? ''} `].join('\n') + '\n';
    const third = cache.parse(deep);
    assert.deepEqual(cache.lastParse.parsed, 1);
    assert.deepEqual(differences(deep, third as ParsedDocument), []);
  });

  test('a 400-line document is parsed in pieces too; a 100-line one is parsed whole', () => {
    const cache = new ParseCache();
    const text = generateDocument('2.6.0', 400);
    assert.ok(cache.parse(text) !== undefined);
    const edited = text.replace(/(description: Generated for benchmarks\.)/, '$1 Edited.');
    assert.deepEqual(differences(edited, cache.parse(edited) as ParsedDocument), []);
    assert.equal(cache.lastParse.parsed, 1);
    assert.equal(cache.parse(generateDocument('2.6.0', 100)), undefined);
  });

  test('a first parse can be spread out: primed slice by slice, the parse then only assembles', () => {
    const text = generateDocument('2.6.0', 5_000);
    const cache = new ParseCache();
    assert.ok(cache.cuts(text));
    let slices = 1;
    while (!cache.prime(text, 0)) {
      slices++;
    }
    assert.ok(slices > 10, `${slices} slices`);
    const parsed = cache.parse(text);
    assert.equal(cache.lastParse.parsed, 0);
    assert.deepEqual(differences(text, parsed as ParsedDocument), []);
  });

  test('duplicate keys across pieces are errors at the second key, as in a parse of the whole', () => {
    const channel = (n: number): string => `  /c${n}:\n    description: ${'x'.repeat(200)}\n`;
    const channels = Array.from({ length: 40 }, (_, n) => channel(n)).join('');
    const text = `asyncapi: 2.6.0\ninfo:\n  title: t\n  version: '1'\nchannels:\n${channels}${channel(3)}info:\n  title: again\n`;
    const pieces = new ParseCache(0).parse(text);
    assert.ok(pieces !== undefined);
    assert.deepEqual(differences(text, pieces), []);
    assert.deepEqual(
      pieces.problems.map((problem) => problem.code),
      ['yaml-duplicate-key', 'yaml-duplicate-key'],
    );
  });

  test('texts a piece cannot read alone are parsed whole', () => {
    const cache = new ParseCache(0);
    for (const text of [
      '- a\n- b\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n---\nb: 2\n',
      '{a: 1}\n',
      '? [a]\n: 1\n',
    ]) {
      assert.equal(cache.parse(text), undefined, text);
    }
  });

  test('an alias to an anchor in another piece reads as in a parse of the whole', () => {
    const filler = Array.from({ length: 30 }, (_, n) => `  k${n}: ${'v'.repeat(200)}\n`).join('');
    const text = `a:\n  base: &b {x: 1}\n${filler}c:\n  use: *b\n${filler.replace(/k/g, 'm')}`;
    const pieces = new ParseCache(0).parse(text);
    assert.ok(pieces === undefined || differences(text, pieces).length === 0);
    const value = parseDocument(text, 'yaml', new ParseCache(0)).root as { c: { use: unknown } };
    assert.deepEqual(value.c.use, { x: 1 });
  });
});
