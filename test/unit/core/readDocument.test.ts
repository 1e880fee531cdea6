import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { formatOf, mightBeAsyncApi, ParseCache, readDocument, type DocumentFormat } from '../../../core/src';
import { CORPUS_DIR } from '../../support/paths';
import { positionOf } from '../../support/positions';

interface SyntaxCase {
  readonly name: string;
  readonly format: DocumentFormat;
  readonly text: string;
  readonly code: string;
  /** Zero-based line and column where the first problem starts. */
  readonly line: number;
  readonly character: number;
}

const SYNTAX_CASES: readonly SyntaxCase[] = [
  {
    name: 'a key indented less than its siblings',
    format: 'yaml',
    text: 'asyncapi: 2.6.0\ninfo:\n  title: Chat\n version: 1.0.0\n',
    code: 'yaml-syntax',
    line: 3,
    character: 0,
  },
  {
    name: 'a duplicate key',
    format: 'yaml',
    text: 'asyncapi: 2.6.0\ninfo:\n  title: A\n  title: B\n',
    code: 'yaml-duplicate-key',
    line: 3,
    character: 2,
  },
  {
    name: 'a tab used as indentation',
    format: 'yaml',
    text: 'asyncapi: 2.6.0\ninfo:\n\ttitle: A\n',
    code: 'yaml-tab',
    line: 2,
    character: 0,
  },
  {
    name: 'a missing comma in JSON',
    format: 'json',
    text: '{\n  "asyncapi": "2.6.0",\n  "info": { "title": "A" "version": "1" }\n}\n',
    code: 'json-syntax',
    line: 2,
    character: 25,
  },
  {
    name: 'a duplicate key in a JSON object',
    format: 'json',
    text: '{\n  "asyncapi": "2.6.0",\n  "info": { "title": "A", "version": "1", "title": "B" }\n}\n',
    code: 'json-duplicate-key',
    line: 2,
    character: 42,
  },
  {
    name: 'a trailing comma in JSON',
    format: 'json',
    text: '{\n  "asyncapi": "3.0.0",\n}\n',
    code: 'json-syntax',
    line: 2,
    character: 0,
  },
];

suite('readDocument: syntax errors of AsyncAPI documents', () => {
  for (const c of SYNTAX_CASES) {
    test(`reports ${c.name} at its position`, () => {
      const reading = readDocument(c.text, c.format);
      assert.equal(reading.kind, 'asyncapi');
      const first = reading.problems[0];
      assert.ok(first, `expected a problem, got none`);
      assert.equal(first.code, c.code);
      assert.equal(first.severity, 'error');
      assert.deepEqual(positionOf(c.text, first.start), { line: c.line, character: c.character });
      assert.ok(first.end >= first.start);
      assert.match(first.message, /^[A-Z].*[.!?:]$/, 'messages are sentences');
    });
  }
});

suite('readDocument: which texts are AsyncAPI documents', () => {
  test('a valid 2.6 document has no problems', () => {
    const reading = readDocument(
      'asyncapi: 2.6.0\ninfo:\n  title: Chat\n  version: 1.0.0\nchannels: {}\n',
      'yaml',
    );
    assert.equal(reading.kind, 'asyncapi');
    assert.deepEqual(reading.problems, []);
  });

  test('a valid 3.0 JSON document has no problems', () => {
    const reading = readDocument('{"asyncapi": "3.0.0", "info": {"title": "A", "version": "1"}}', 'json');
    assert.equal(reading.kind, 'asyncapi');
    assert.deepEqual(reading.problems, []);
  });

  test('a JSON document reads to the same value as JSON.parse, keys named like Object builtins included', () => {
    const text =
      '{"asyncapi": "2.6.0", "info": {"title": "A", "version": "1"}, "x-a": {"__proto__": {"b": 1e3}}}';
    const reading = readDocument(text, 'json');
    assert.deepEqual(reading.problems, []);
    assert.deepEqual(reading.parsed?.root, JSON.parse(text));
    assert.equal(Object.getPrototypeOf((reading.parsed?.root as { 'x-a': object })['x-a']), Object.prototype);
  });

  test('keys repeated in different JSON objects are not duplicates', () => {
    const text = '{"asyncapi": "2.6.0", "info": {"title": "A", "version": "1"}, "x-b": {"title": "B"}}';
    assert.deepEqual(readDocument(text, 'json').problems, []);
  });

  test('other YAML is never parsed, even when broken', () => {
    const reading = readDocument('services:\n  web:\n   image: [unclosed\n', 'yaml');
    assert.equal(reading.kind, 'other');
    assert.equal(reading.parsed, undefined);
    assert.deepEqual(reading.problems, []);
  });

  test('a nested asyncapi key does not make a JSON file an AsyncAPI document', () => {
    const reading = readDocument('{"name": "x", "config": {"asyncapi": "2.6.0"}}', 'json');
    assert.equal(reading.kind, 'other');
    assert.deepEqual(reading.problems, []);
  });

  test('an indented asyncapi key is not a root key', () => {
    assert.equal(mightBeAsyncApi('spec:\n  asyncapi: 2.6.0\n', 'yaml'), false);
    assert.equal(mightBeAsyncApi('"asyncapi": 2.6.0\n', 'yaml'), true);
  });

  test('an alias bomb is reported, not expanded', () => {
    const lines = ['asyncapi: 2.6.0', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    }
    const reading = readDocument(lines.join('\n'), 'yaml');
    assert.equal(reading.kind, 'asyncapi');
    assert.ok(
      reading.problems.some((p) => /alias/i.test(p.message)),
      JSON.stringify(reading.problems),
    );
  });
});

suite('formatOf', () => {
  const cases: ReadonlyArray<[string, string | undefined, DocumentFormat | undefined]> = [
    ['file:///a/asyncapi.yaml', 'yaml', 'yaml'],
    ['file:///a/asyncapi.json', 'json', 'json'],
    ['file:///a/api.yml', undefined, 'yaml'],
    ['file:///a/settings.JSON', undefined, 'json'],
    ['untitled:Untitled-1', 'yaml', 'yaml'],
    ['file:///a/readme.md', 'markdown', undefined],
  ];
  for (const [uri, languageId, expected] of cases) {
    test(`${uri} (${languageId ?? 'no language id'}) is ${expected ?? 'neither'}`, () => {
      assert.equal(formatOf(uri, languageId), expected);
    });
  }
});

suite('one stray character, one problem', () => {
  test("a ' at column 0 in the middle of the 11,000-line corpus document: 'out of line' once, with how many follow", () => {
    const lines = readFileSync(
      join(CORPUS_DIR, 'real-world/unfoldedcircle__core-api__core-api__websocket__UCR-core-asyncapi.yaml'),
      'utf8',
    ).split('\n');
    const stray = Math.floor(lines.length / 2);
    lines.splice(stray, 0, "'");
    const text = lines.join('\n');
    for (const cache of [undefined, new ParseCache()]) {
      const { problems } = readDocument(text, 'yaml', {}, cache);
      const outOfLine = problems.filter((problem) => problem.message.startsWith('All mapping items'));
      assert.equal(outOfLine.length, 1, cache === undefined ? 'whole' : 'in pieces');
      assert.match(
        outOfLine[0]?.message ?? '',
        /^All mapping items must start at the same column: this line and \d{3} more below \(the first is the one to fix, or what comes just before it\)\.$/,
      );
      assert.ok(problems.length < 10, `${problems.length} problems`);
      assert.ok(problems.some((problem) => positionOf(text, problem.start).line === stray));
    }
  });
});
