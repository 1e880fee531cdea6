// End-to-end: completion and hover from the language server reach VS Code's own providers.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { recordMetric, type TestCase } from './harness';
import { openWorkspaceFile, waitForDiagnostics } from './helpers';

/** assist.asyncapi.yaml: the 0-based lines of the operation's action and of the channel's address. */
const ACTION_LINE = 15;
const ADDRESS_LINE = 10;

export const tests: readonly TestCase[] = [
  {
    name: 'completion: the enum of a 3.x operation action, through vscode.executeCompletionItemProvider',
    async run() {
      const document = await openWorkspaceFile('assist.asyncapi.yaml');
      const line = document.lineAt(ACTION_LINE);
      assert.equal(line.text, '    action: receive', 'fixture changed');
      // The topic has no parameters.roomID: once that error is shown, the server has the document.
      await waitForDiagnostics(document.uri, (all) =>
        all.some((d) => d.code === 'topic-parameter-undeclared'),
      );
      const started = performance.now();
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        new vscode.Position(ACTION_LINE, line.text.length),
      );
      recordMetric('completionMs', performance.now() - started);
      const labels = list.items.map((item) =>
        typeof item.label === 'string' ? item.label : item.label.label,
      );
      assert.ok(labels.includes('send') && labels.includes('receive'), `got ${labels.join(', ')}`);
    },
  },
  {
    name: 'completion: keys of a 3.x operation, required ones first, through the editor',
    async run() {
      const document = await openWorkspaceFile('assist.asyncapi.yaml');
      const editor = await vscode.window.showTextDocument(document);
      const end = document.lineAt(document.lineCount - 1).range.end;
      await editor.edit((edit) => edit.insert(end, '\n  leaveRoom:\n    ac'));
      const position = document.lineAt(document.lineCount - 1).range.end;
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        document.uri,
        position,
      );
      const action = list.items.find((item) => item.label === 'action');
      assert.ok(action, 'action is offered');
      assert.ok(action.insertText instanceof vscode.SnippetString, 'a snippet');
      assert.equal(action.insertText.value, 'action: ${1|send,receive|}');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    },
  },
  {
    name: 'hover: a 3.x address shows the URL clients connect to',
    async run() {
      const document = await openWorkspaceFile('assist.asyncapi.yaml');
      assert.ok(document.lineAt(ADDRESS_LINE).text.includes('/rooms/{roomID}'), 'fixture changed');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        new vscode.Position(ADDRESS_LINE, 16),
      );
      const text = hovers
        .flatMap((hover) => hover.contents)
        .map((content) => (typeof content === 'string' ? content : content.value))
        .join('\n');
      assert.match(text, /wss:\/\/chat\.example\.com\/rooms\/\{roomID\} \(production\)/);
    },
  },
];
