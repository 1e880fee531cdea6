import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, suite, test } from 'node:test';

import type { Registry } from 'vscode-textmate';
import {
  parseGrammarTestCase,
  runGrammarTestCase,
  type TestFailure,
} from 'vscode-tmgrammar-test/dist/unit/index';

import {
  createRegistry,
  GRAMMAR_FIXTURES,
  grammarFixtures,
  vscodeGrammars,
  wsapiGrammars,
} from '../../support/textmate';

function describe(failure: TestFailure, source: readonly string[]): string {
  const text = source[failure.srcLine]?.slice(failure.start, failure.end);
  return [
    `line ${failure.line + 1} '${text}'`,
    failure.missing.length > 0 ? `missing ${failure.missing.join(' ')}` : '',
    failure.unexpected.length > 0 ? `unexpected ${failure.unexpected.join(' ')}` : '',
    `has ${failure.actual.join(' ')}`,
  ]
    .filter(Boolean)
    .join('; ');
}

suite("vscode-tmgrammar-test: wsapi's grammars over VS Code 1.100.3's YAML and JSON grammars", () => {
  let registry: Registry;
  before(async () => {
    registry = createRegistry([...(await vscodeGrammars()), ...wsapiGrammars()]);
  });

  for (const file of grammarFixtures()) {
    test(file, async () => {
      const testCase = parseGrammarTestCase(readFileSync(join(GRAMMAR_FIXTURES, file), 'utf8'));
      assert.ok(testCase.assertions.length > 0, `${file} asserts nothing`);
      // vscode-tmgrammar-test is typed against its own vscode-textmate; the registry is VS Code's version of it.
      const failures = await runGrammarTestCase(
        registry as unknown as Parameters<typeof runGrammarTestCase>[0],
        testCase,
      );
      assert.deepEqual(
        failures.map((failure) => describe(failure, testCase.source)),
        [],
      );
    });
  }
});
