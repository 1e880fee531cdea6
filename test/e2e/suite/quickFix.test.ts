// End-to-end: a quick fix from the language server, found and applied through VS Code's code action API.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

import type { TestCase } from './harness';
import { openWorkspaceFile, waitForDiagnostics } from './helpers';

const isBareVariable = (diagnostic: vscode.Diagnostic): boolean =>
  diagnostic.source === 'wsapi' && diagnostic.code === 'uri-mapping-bare-variable';

export const tests: readonly TestCase[] = [
  {
    name: "quick fix: '{roomID}' becomes '{uri.var.roomID}' through executeCodeActionProvider, and the warning goes",
    async run() {
      const document = await openWorkspaceFile('quickfix.asyncapi.yaml');
      const diagnostics = await waitForDiagnostics(document.uri, (all) => all.some(isBareVariable));
      const diagnostic = diagnostics.find(isBareVariable);
      assert.ok(diagnostic);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const action = actions.find((candidate) => candidate.title === "Write '{uri.var.roomID}'");
      assert.ok(action?.edit, `actions offered: ${actions.map((candidate) => candidate.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(action.edit));
      assert.ok(document.getText().includes('x-uri-mapping: /rooms?room={uri.var.roomID}\n'));
      await waitForDiagnostics(document.uri, (all) => !all.some(isBareVariable));
    },
  },
];
