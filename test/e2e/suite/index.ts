// The tests module VS Code loads in the extension host (--extensionTestsPath): the @vscode/test-electron contract,
// also used by the code-server runner (runHost.ts). Results go to the file named by WSAPI_E2E_RESULTS.
import { readdirSync } from 'node:fs';

import { tests as diagnostics } from './diagnostics.test';
import { runTests, type TestCase } from './harness';
import { tests as rules } from './rules.test';

/** Every *.test.ts file of this folder, by base name; a file missing here fails the run. */
const SUITES: Record<string, readonly TestCase[]> = {
  diagnostics,
  rules,
};

export async function run(): Promise<void> {
  const unregistered = readdirSync(__dirname)
    .filter((file) => file.endsWith('.test.js'))
    .map((file) => file.slice(0, -'.test.js'.length))
    .filter((name) => !(name in SUITES));
  const tests: TestCase[] = Object.values(SUITES).flat();
  if (unregistered.length > 0) {
    // A failing test rather than a throw, so the results file says what is wrong.
    tests.unshift({
      name: 'suite: every *.test.ts file is registered in suite/index.ts',
      run: () =>
        Promise.reject(new Error(`not registered: ${unregistered.map((n) => `${n}.test.ts`).join(', ')}`)),
    });
  }
  const results = await runTests(tests, { resultsFile: process.env.WSAPI_E2E_RESULTS });
  const failed = results.tests.filter((test) => !test.ok);
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} of ${results.tests.length} e2e tests failed: ${failed.map((test) => test.name).join(', ')}`,
    );
  }
  if (results.tests.length === 0) {
    throw new Error('no e2e tests registered');
  }
}
