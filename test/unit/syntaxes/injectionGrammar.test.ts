import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { REPO_ROOT } from '../../support/paths';

interface Rule {
  readonly match: string;
}
interface Grammar {
  readonly scopeName: string;
  readonly repository: Record<string, Rule>;
}
interface Manifest {
  readonly contributes: {
    readonly grammars: ReadonlyArray<{ scopeName: string; path: string; injectTo: string[] }>;
  };
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const [contribution] = manifest.contributes.grammars;
const grammar = JSON.parse(readFileSync(join(REPO_ROOT, contribution?.path ?? ''), 'utf8')) as Grammar;

// The grammar's expressions use only syntax that Oniguruma and JavaScript read alike, so JS can check them.
const matches = (rule: string, line: string): string[] =>
  [...line.matchAll(new RegExp(grammar.repository[rule]?.match ?? '(?!)', 'g'))].map((m) => m[0]);

suite('the injection grammar', () => {
  test('is contributed for YAML and JSON under its own scope', () => {
    assert.equal(contribution?.scopeName, grammar.scopeName);
    assert.deepEqual(contribution?.injectTo, ['source.yaml', 'source.json']);
  });

  test('marks {uri.var.X} in URL mappings', () => {
    assert.deepEqual(
      matches('uri-variable', "x-uri-mapping: '/rooms?room={uri.var.roomID}&u={uri.var.user_1}'"),
      ['{uri.var.roomID}', '{uri.var.user_1}'],
    );
    assert.deepEqual(matches('uri-variable', 'topic: /rooms/{roomID}'), []);
  });

  test('marks the WSO2 extension keys in YAML and JSON, and nothing that merely contains them', () => {
    assert.deepEqual(matches('wso2-extension-key', '    x-uri-mapping: /notifications'), ['x-uri-mapping']);
    assert.deepEqual(matches('wso2-extension-key', '  "x-scopes": ["creator"],'), ['x-scopes']);
    assert.deepEqual(matches('wso2-extension-key', '  x-scopes-bindings:'), ['x-scopes-bindings']);
    assert.deepEqual(matches('wso2-extension-key', '  description: uses x-auth-type to decide'), []);
  });
});
