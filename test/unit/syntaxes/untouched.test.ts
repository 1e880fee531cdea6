import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, suite, test } from 'node:test';

import type { Registry } from 'vscode-textmate';
import { parseGrammarTestCase } from 'vscode-tmgrammar-test/dist/unit/index';

import { loadManifest } from '../../support/corpus';
import { CORPUS_DIR, REPO_ROOT } from '../../support/paths';
import {
  createRegistry,
  GRAMMAR_FIXTURES,
  grammarFixtures,
  tokenize,
  vscodeGrammars,
  wsapiGrammars,
  type Token,
} from '../../support/textmate';

const API_FIXTURES = [
  'chat-2.asyncapi.yaml',
  'chat-3.asyncapi.yaml',
  'chat-2.asyncapi.json',
  'api.yaml',
  'api.json',
];
const PLAIN_FIXTURES = ['openapi.yaml', 'compose.yaml', 'nested-asyncapi.yaml', 'tool-config.json'];
const GATES = ['meta.asyncapi-document.wsapi', 'meta.api-yaml-document.wsapi'];
/** The corpus files read here: all of them up to this size (180 of its 234 documents; the larger ones add time). */
const CORPUS_MAX_BYTES = 10_000;

interface Sample {
  readonly name: string;
  readonly scope: string;
  readonly text: string;
}

/** A fixture's source as vscode-tmgrammar-test tokenizes it: without its header and assertion lines. */
function fixture(name: string): Sample {
  const testCase = parseGrammarTestCase(readFileSync(join(GRAMMAR_FIXTURES, name), 'utf8'));
  return { name, scope: testCase.metadata.scope, text: testCase.source.join('\n') };
}

function file(path: string, scope: string): Sample {
  return { name: path, scope, text: readFileSync(join(REPO_ROOT, path), 'utf8') };
}

function corpus(role: 'document' | 'fragment'): Sample[] {
  return loadManifest()
    .filter((entry) => entry.role === role && statSync(join(CORPUS_DIR, entry.file)).size <= CORPUS_MAX_BYTES)
    .map((entry) => ({
      name: entry.file,
      scope: entry.format === 'json' ? 'source.json' : 'source.yaml',
      text: readFileSync(join(CORPUS_DIR, entry.file), 'utf8'),
    }));
}

/** Each character's scopes, one string per character and line; `keep` filters the scopes. */
function scopesByCharacter(lines: Token[][], keep: (scope: string) => boolean): string[][] {
  return lines.map((tokens) =>
    tokens.flatMap((token) => Array.from(token.text, () => token.scopes.filter(keep).join(' '))),
  );
}

/** The first character whose scopes differ, as `line:column: with | without`; undefined when none does. */
function firstDifference(a: string[][], b: string[][]): string | undefined {
  for (let line = 0; line < Math.max(a.length, b.length); line++) {
    const [left, right] = [a[line] ?? [], b[line] ?? []];
    for (let column = 0; column < Math.max(left.length, right.length); column++) {
      if (left[column] !== right[column]) {
        return `${line + 1}:${column + 1}: ${left[column]} | ${right[column]}`;
      }
    }
  }
  return undefined;
}

suite('the grammars leave YAML and JSON as they are', () => {
  let plain: Registry;
  let wsapi: Registry;
  before(async () => {
    const vscode = await vscodeGrammars();
    plain = createRegistry(vscode);
    wsapi = createRegistry([...vscode, ...wsapiGrammars()]);
  });
  const both = async (sample: Sample): Promise<[Token[][], Token[][]]> => [
    await tokenize(wsapi, sample.scope, sample.text),
    await tokenize(plain, sample.scope, sample.text),
  ];
  const isApi = (lines: Token[][]): boolean =>
    lines.some((tokens) => tokens.some((token) => token.scopes.some((scope) => GATES.includes(scope))));

  test('every grammar fixture is an API document or a file that must stay untouched', () => {
    assert.deepEqual([...API_FIXTURES, ...PLAIN_FIXTURES].sort(), grammarFixtures().sort());
  });

  test('package.json contributes every grammar of syntaxes/, injected into YAML and JSON only', () => {
    const grammars = wsapiGrammars();
    assert.deepEqual(
      grammars.map((grammar) => grammar.scopeName),
      ['wsapi.document.yaml', 'wsapi.document.json', 'wsapi.injection', 'wsapi.injection.flow'],
    );
    for (const grammar of grammars) {
      assert.ok(existsSync(grammar.path), grammar.path);
      const raw = JSON.parse(readFileSync(grammar.path, 'utf8')) as { scopeName?: string };
      assert.equal(raw.scopeName, grammar.scopeName, grammar.path);
      assert.ok(grammar.injectTo?.every((scope) => scope === 'source.yaml' || scope === 'source.json'));
    }
  });

  test("files that are no API document get exactly VS Code's tokens: fixtures, the repository's own, corpus fragments", async () => {
    const samples = [
      ...PLAIN_FIXTURES.map(fixture),
      file('package.json', 'source.json'),
      file('tsconfig.json', 'source.json.comments'),
      file('tsconfig.test.json', 'source.json.comments'),
      file('examples/chat-api/deployment_environments.yaml', 'source.yaml'),
      file('examples/chat-api/api_meta.yaml', 'source.yaml'),
      file('test/e2e/workspace/plain.yaml', 'source.yaml'),
      ...corpus('fragment'),
    ];
    assert.ok(samples.length > 30, `only ${samples.length} files`);
    const changed: string[] = [];
    for (const sample of samples) {
      const [withWsapi, without] = await both(sample);
      const difference = firstDifference(
        scopesByCharacter(withWsapi, () => true),
        scopesByCharacter(without, () => true),
      );
      if (difference !== undefined) {
        changed.push(`${sample.name} ${difference}`);
      }
    }
    assert.deepEqual(changed, []);
  });

  test('AsyncAPI documents and api.yaml files keep every YAML and JSON scope: the grammars only add their own', async () => {
    const samples = [
      ...API_FIXTURES.map(fixture),
      file('examples/chat-api/api.yaml', 'source.yaml'),
      file('examples/chat-api/Definitions/asyncapi.yaml', 'source.yaml'),
      ...corpus('document'),
    ];
    assert.ok(samples.length > 100, `only ${samples.length} documents`);
    const problems: string[] = [];
    for (const sample of samples) {
      const [withWsapi, without] = await both(sample);
      if (!isApi(withWsapi)) {
        problems.push(`${sample.name}: not read as an API document`);
      }
      const difference = firstDifference(
        scopesByCharacter(withWsapi, (scope) => !scope.endsWith('.wsapi')),
        scopesByCharacter(without, () => true),
      );
      if (difference !== undefined) {
        problems.push(`${sample.name} ${difference}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
