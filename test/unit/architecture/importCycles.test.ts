import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import { importCycles, readImportGraph } from '../../support/importGraph';
import { REPO_ROOT } from '../../support/paths';

// A module that imports, through any chain, a module that imports it back cannot be read, moved or tested on
// its own. Type-only imports count too: their types belong in a file both sides import.
suite('import cycles', () => {
  test('the product code (core, server, client, gateway) has no import cycle', () => {
    const graph = readImportGraph(REPO_ROOT, ['core/src', 'server/src', 'client/src', 'gateway/src']);
    assert.ok(graph.size > 100, `read only ${graph.size} modules`);
    assert.deepEqual(importCycles(graph), []);
  });

  test('a loop through three modules, a self-import and a type-only pair are each found once', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
      ['e.ts', ['e.ts']],
      ['types.ts', ['uses.ts']],
      ['uses.ts', ['types.ts']],
    ]);
    assert.deepEqual(importCycles(graph), [['a.ts', 'b.ts', 'c.ts'], ['e.ts'], ['types.ts', 'uses.ts']]);
  });

  test('the reader sees type-only imports and re-exports', () => {
    const graph = readImportGraph(REPO_ROOT, ['core/src']);
    assert.ok(graph.get('core/src/index.ts')?.includes('core/src/wso2/index.ts'));
  });
});
