import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { generateDocument } from '../../../core/src/document/sampleDocument';
import { cutYaml, recutYaml, type TopEntry } from '../../../core/src/document/yamlCut';
import { loadManifest } from '../../support/corpus';
import { CORPUS_DIR } from '../../support/paths';
import { seededBelow } from '../../support/seeded';

type Edit = (text: string, next: (below: number) => number) => string;

/** Replaces lines [at, at + count) of a text with `lines`. */
function spliceLines(text: string, at: number, count: number, lines: readonly string[]): string {
  const all = text.split('\n');
  all.splice(at, count, ...lines);
  return all.join('\n');
}

const lineCount = (text: string): number => text.split('\n').length;
const lineOf = (text: string, index: number): string => text.split('\n')[index] ?? '';

/** The kinds of edit tried, each a seeded function of the text. */
const EDITS: Readonly<Record<string, Edit>> = {
  'a line replaced by another line of the text': (text, next) =>
    spliceLines(text, next(lineCount(text)), 1, [lineOf(text, next(lineCount(text)))]),
  'a character typed into a line': (text, next) => {
    const at = next(lineCount(text));
    const line = lineOf(text, at);
    const column = next(line.length + 1);
    const typed = [' ', 'x', ':', '-', '- ', '#', '\t', '?', '"', '{', '|'][next(11)] ?? 'x';
    return spliceLines(text, at, 1, [line.slice(0, column) + typed + line.slice(column)]);
  },
  'a stray character at column 0': (text, next) => {
    const at = next(lineCount(text));
    return spliceLines(text, at, 1, [`${['x', '-', ' ', '#', '%', '['][next(6)] ?? 'x'}${lineOf(text, at)}`]);
  },
  'a line inserted': (text, next) =>
    spliceLines(text, next(lineCount(text) + 1), 0, [lineOf(text, next(lineCount(text)))]),
  'lines deleted': (text, next) => spliceLines(text, next(lineCount(text)), 1 + next(3), []),
  'a line unindented': (text, next) => {
    const at = next(lineCount(text));
    return spliceLines(text, at, 1, [lineOf(text, at).replace(/^ {1,2}/, '')]);
  },
  'a new top-level key': (text, next) =>
    spliceLines(text, next(lineCount(text) + 1), 0, [`added${next(100)}: 1`]),
  'a block of lines pasted': (text, next) => {
    const from = next(lineCount(text));
    const block = text.split('\n').slice(from, from + 1 + next(40));
    return spliceLines(text, next(lineCount(text) + 1), 0, block);
  },
  'the last line typed on': (text, next) => `${text}${['x', ' y', '\n  z: 1', '\n'][next(4)] ?? 'x'}`,
};

/** Applies `rounds` seeded edits in sequence, checking each cut made from the one before against a whole cut. */
function wrongRecuts(name: string, base: string, seed: number, rounds: number): string[] {
  const next = seededBelow(seed);
  const kinds = Object.entries(EDITS);
  const wrong: string[] = [];
  let text = base;
  let cut: readonly TopEntry[] | undefined = cutYaml(text);
  for (let round = 0; round < rounds; round++) {
    const [kind, edit] = kinds[next(kinds.length)] ?? ['none', (same: string): string => same];
    const edited = edit(text, next);
    const expected = cutYaml(edited);
    const actual = cut === undefined ? cutYaml(edited) : recutYaml(text, cut, edited);
    try {
      assert.deepStrictEqual(actual, expected);
    } catch {
      wrong.push(`${name}, seed ${seed}, round ${round}: ${kind}`);
      break; // the edits after it start from a text the cut got wrong
    }
    // Now and then the text goes back to the base, as an undo does.
    text = next(10) === 0 ? base : edited;
    cut = text === edited ? actual : cutYaml(text);
  }
  return wrong;
}

suite('YAML cut again after an edit', () => {
  const yamlDocuments = loadManifest()
    .filter((entry) => entry.format === 'yaml')
    .map((entry) => ({ file: entry.file, text: readFileSync(join(CORPUS_DIR, entry.file), 'utf8') }));

  test('every YAML document of the corpus, 12 seeded edits in sequence each: the same cut as a whole cut', () => {
    const wrong = yamlDocuments.flatMap(({ file, text }, n) => wrongRecuts(file, text, n + 1, 12));
    assert.deepEqual(wrong.slice(0, 5), []);
  });

  test('generated 2.6 and 3.0 documents (one with CRLF lines), 1,100 seeded edits in sequence: the same cut as a whole cut', () => {
    const wrong = [
      ...wrongRecuts('2.6.0', generateDocument('2.6.0', 3000), 11, 300),
      ...wrongRecuts('3.0.0', generateDocument('3.0.0', 3000), 12, 300),
      ...wrongRecuts('2.6.0 small', generateDocument('2.6.0', 400), 13, 300),
      ...wrongRecuts('3.0.0 CRLF', generateDocument('3.0.0', 1500).replace(/\n/g, '\r\n'), 14, 200),
    ];
    assert.deepEqual(wrong, []);
  });

  test('a one-line edit deep in a 20,000-line document keeps every piece but the edited one', () => {
    const text = generateDocument('2.6.0', 20_000);
    const cut = cutYaml(text) ?? [];
    const edited = text.replace('description: The price of tick 300.', 'description: The price of tick 300!');
    const recut = recutYaml(text, cut, edited) ?? [];
    assert.deepStrictEqual(recut, cutYaml(edited));
    const pieces = (entries: readonly TopEntry[]): string[] =>
      entries.flatMap((entry) =>
        entry.children === undefined ? [entry.whole.text] : pieces(entry.children),
      );
    const before = new Set(pieces(cut));
    const changed = pieces(recut).filter((piece) => !before.has(piece));
    assert.equal(changed.length, 1);
    assert.match(changed[0] ?? '', /tick 300!/);
  });
});
