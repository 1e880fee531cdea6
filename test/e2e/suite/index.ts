// The tests module VS Code loads in the extension host (--extensionTestsPath): the @vscode/test-electron contract,
// also used by the code-server runner (runHost.ts). Results go to the file named by WSAPI_E2E_RESULTS.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { runTests, type TestCase } from './harness';

/** Every *.test.js file of this folder exports `tests`; a file without them fails the run rather than vanish. */
function loadSuites(): TestCase[] {
  const files = readdirSync(__dirname)
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  return files.flatMap((file): TestCase[] => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the suite files are found at run time
    const loaded = require(join(__dirname, file)) as { tests?: unknown };
    if (!Array.isArray(loaded.tests) || loaded.tests.length === 0) {
      return [
        {
          name: `suite: ${file} exports its tests`,
          run: () => Promise.reject(new Error(`${file} exports no 'tests' array`)),
        },
      ];
    }
    return loaded.tests as TestCase[];
  });
}

export async function run(): Promise<void> {
  const tests = loadSuites();
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
