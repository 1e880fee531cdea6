// Runs the same e2e suite in desktop VS Code through @vscode/test-electron (downloads VS Code into .vscode-test/;
// for desktop machines with internet access; the code-server runner, runHost.ts, is the one for CI here).
//
//   npm run test:electron      (WSAPI_VSCODE_VERSION=1.100.3 to pin a version; default: latest stable)
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { runTests } from '@vscode/test-electron';

import { printSummary, readResults } from './results';

/** This file runs as out/test/e2e/runElectron.js. */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  const runDir = mkdtempSync(join(tmpdir(), 'wsapi-e2e-electron-'));
  const workspace = join(runDir, 'workspace');
  const resultsFile = join(runDir, 'results.json');
  cpSync(join(REPO_ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  console.log(`e2e: run folder ${runDir}`);

  let problem: string | undefined;
  try {
    await runTests({
      version: process.env.WSAPI_VSCODE_VERSION,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: join(REPO_ROOT, 'out', 'test', 'e2e', 'suite', 'index.js'),
      // --disable-extensions: only the extension under development loads.
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { WSAPI_E2E_RESULTS: resultsFile },
    });
  } catch (error) {
    // The suite's run() rejects when a test fails; the results file says which.
    problem = `VS Code reported a failed run: ${error instanceof Error ? error.message : String(error)}`;
  }
  const results = readResults(resultsFile);
  const summary = printSummary(results, results?.done === true ? undefined : problem, (line) =>
    console.log(line),
  );
  const ok = summary.failed === 0 && summary.passed > 0;
  if (ok) {
    rmSync(runDir, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`e2e: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
