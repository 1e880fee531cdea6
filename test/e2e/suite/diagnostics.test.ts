// End-to-end: the real extension in a real VS Code activates, starts its language server and reports YAML errors.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { recordMetric, type TestCase } from './harness';
import {
  describeDiagnostic,
  EXTENSION_ID,
  isInside,
  openWorkspaceFile,
  REPO_ROOT,
  waitForDiagnostics,
} from './helpers';

const SOURCE = 'wsapi';
/** broken.asyncapi.yaml: the 0-based line of the misindented key, and text that must be on it. */
const BROKEN_FILE = 'broken.asyncapi.yaml';
const BROKEN_LINE = 12;
const BROKEN_LINE_TEXT = 'description: misindented';

const isWsapiError = (diagnostic: vscode.Diagnostic): boolean =>
  diagnostic.source === SOURCE && diagnostic.severity === vscode.DiagnosticSeverity.Error;

export const tests: readonly TestCase[] = [
  {
    name: 'activation: wsapi.wsapi activates from the expected folder',
    async run() {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not among the extensions VS Code loaded`);
      recordMetric('activeBeforeTest', extension.isActive ? 1 : 0);
      const api: unknown = await extension.activate();
      assert.ok(
        typeof api === 'object' &&
          api !== null &&
          'activationMs' in api &&
          typeof api.activationMs === 'number',
        'activate() returns { activationMs }',
      );
      // Measured by the extension itself: activate() through the language server's initialize answer.
      recordMetric('activationMs', api.activationMs);
      assert.equal(extension.isActive, true);

      if (process.env.WSAPI_E2E_EXPECT_INSTALLED === '1') {
        // --vsix mode: the copy installed from the VSIX must be the one running, not the repository.
        const extensionsDir = process.env.WSAPI_E2E_EXTENSIONS_DIR;
        assert.ok(extensionsDir, 'WSAPI_E2E_EXTENSIONS_DIR must be set when WSAPI_E2E_EXPECT_INSTALLED=1');
        assert.ok(
          isInside(extension.extensionPath, extensionsDir),
          `expected the installed copy under ${extensionsDir}, got ${extension.extensionPath}`,
        );
        assert.ok(
          !isInside(extension.extensionPath, REPO_ROOT),
          `the extension was loaded from the repository (${extension.extensionPath}), not from the VSIX`,
        );
      } else {
        assert.ok(
          isInside(extension.extensionPath, REPO_ROOT) && isInside(REPO_ROOT, extension.extensionPath),
          `expected the development copy at ${REPO_ROOT}, got ${extension.extensionPath}`,
        );
      }
    },
  },
  {
    name: 'diagnostics: a YAML syntax error in an AsyncAPI document is a wsapi Error on its line',
    async run() {
      const started = performance.now();
      const document = await openWorkspaceFile(BROKEN_FILE);
      assert.equal(document.languageId, 'yaml');
      assert.ok(
        document.lineAt(BROKEN_LINE).text.includes(BROKEN_LINE_TEXT),
        `fixture changed: line ${BROKEN_LINE + 1} of ${BROKEN_FILE} should hold '${BROKEN_LINE_TEXT}'`,
      );
      const diagnostics = await waitForDiagnostics(document.uri, (all) => all.some(isWsapiError));
      recordMetric('firstDiagnosticsMs', performance.now() - started);
      const errors = diagnostics.filter(isWsapiError);
      assert.ok(
        errors.some((diagnostic) => diagnostic.range.start.line === BROKEN_LINE),
        `expected a ${SOURCE} Error starting on line ${BROKEN_LINE + 1}; got: ` +
          diagnostics.map(describeDiagnostic).join('; '),
      );
    },
  },
  {
    name: 'diagnostics: a plain YAML file without an asyncapi key gets none',
    async run() {
      const plain = await openWorkspaceFile('plain.yaml');
      // The server handles documents in order: once the sentinel (opened after plain.yaml) has its error,
      // anything the server had to say about plain.yaml has been published already.
      const sentinel = await openWorkspaceFile('sentinel.asyncapi.yaml');
      await waitForDiagnostics(sentinel.uri, (all) => all.some(isWsapiError));
      const diagnostics = vscode.languages.getDiagnostics(plain.uri);
      assert.equal(
        diagnostics.length,
        0,
        `expected none; got: ${diagnostics.map(describeDiagnostic).join('; ')}`,
      );
    },
  },
];
