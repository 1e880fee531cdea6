// End-to-end: the WebSocket/WSO2 rules and the official parser (in its worker thread) report in VS Code.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { recordMetric, type TestCase } from './harness';
import { describeDiagnostic, openWorkspaceFile, waitForDiagnostics } from './helpers';

/** rooms.asyncapi.yaml: the 0-based line of its x-uri-mapping, which names no parameter of the topic. */
const MAPPING_LINE = 15;
/** rooms.asyncapi.yaml: the 0-based line of its server's `protocol: ws`. */
const PROTOCOL_LINE = 7;

/** The diagnostics of the first change VS Code sees for a document after `act`. */
async function firstChangeAfter(uri: vscode.Uri, act: () => Thenable<unknown>): Promise<vscode.Diagnostic[]> {
  let subscription: vscode.Disposable | undefined;
  const first = new Promise<vscode.Diagnostic[]>((resolve) => {
    subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) {
        resolve(vscode.languages.getDiagnostics(uri));
      }
    });
  });
  try {
    await act();
    return await first;
  } finally {
    subscription?.dispose();
  }
}

export const tests: readonly TestCase[] = [
  {
    name: 'rules: a URL mapping naming no topic parameter is a wsapi error on the mapping',
    async run() {
      const document = await openWorkspaceFile('rooms.asyncapi.yaml');
      assert.ok(document.lineAt(MAPPING_LINE).text.includes('{uri.var.room}'), 'fixture changed');
      const diagnostics = await waitForDiagnostics(document.uri, (all) =>
        all.some((d) => d.source === 'wsapi' && d.code === 'uri-mapping-variable'),
      );
      const rule = diagnostics.find((d) => d.code === 'uri-mapping-variable');
      assert.ok(rule);
      assert.equal(rule.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(rule.range.start.line, MAPPING_LINE, describeDiagnostic(rule));
    },
  },
  {
    name: "rules: the official parser's findings arrive from its worker thread",
    async run() {
      const started = performance.now();
      const document = await openWorkspaceFile('rooms.asyncapi.yaml');
      const diagnostics = await waitForDiagnostics(document.uri, (all) =>
        all.some((d) => d.source === 'asyncapi-parser'),
      );
      recordMetric('parserDiagnosticsMs', performance.now() - started);
      const hints = diagnostics.filter((d) => d.source === 'asyncapi-parser');
      assert.ok(
        hints.every((d) => d.severity === vscode.DiagnosticSeverity.Hint),
        `a valid document gets only recommendations from the parser: ${hints.map(describeDiagnostic).join('; ')}`,
      );
    },
  },
  {
    name: 'rules: a schema error typed into a document is in Problems with the first diagnostics after the edit',
    async run() {
      const document = await openWorkspaceFile('rooms.asyncapi.yaml');
      assert.ok(document.lineAt(PROTOCOL_LINE).text.includes('protocol: ws'), 'fixture changed');
      // Typing starts once the document is settled: the parser's findings of the opened text are in.
      await waitForDiagnostics(document.uri, (all) => all.some((d) => d.source === 'asyncapi-parser'));
      const editor = await vscode.window.showTextDocument(document);
      const value = document.lineAt(PROTOCOL_LINE).range.end;
      try {
        const diagnostics = await firstChangeAfter(document.uri, () =>
          editor.edit((edit) => edit.replace(new vscode.Range(value.translate(0, -2), value), '8080')),
        );
        const schema = diagnostics.filter((d) => d.message === "'protocol' must be a string.");
        assert.equal(schema.length, 1, diagnostics.map(describeDiagnostic).join('; '));
        assert.equal(schema[0]?.source, 'wsapi');
        assert.equal(schema[0]?.severity, vscode.DiagnosticSeverity.Error);
        assert.equal(schema[0]?.range.start.line, PROTOCOL_LINE);
      } finally {
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    },
  },
];
