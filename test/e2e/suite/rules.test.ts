// End-to-end: the WebSocket/WSO2 rules and the official parser (in its worker thread) report in VS Code.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { recordMetric, type TestCase } from './harness';
import { describeDiagnostic, openWorkspaceFile, waitForDiagnostics } from './helpers';

/** rooms.asyncapi.yaml: the 0-based line of its x-uri-mapping, which names no parameter of the topic. */
const MAPPING_LINE = 15;

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
];
