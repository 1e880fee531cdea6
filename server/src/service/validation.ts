import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';

import { formatOf, readDocument, type Problem, type Severity } from '../../../core/src';

/** The `source` of every diagnostic wsapi reports. */
export const DIAGNOSTIC_SOURCE = 'wsapi';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Diagnostics for one open document: empty for anything that is not an API definition. */
export function doValidation(document: TextDocument): Diagnostic[] {
  const format = formatOf(document.uri, document.languageId);
  if (format === undefined) {
    return [];
  }
  return readDocument(document.getText(), format).problems.map((problem) => toDiagnostic(document, problem));
}

function toDiagnostic(document: TextDocument, problem: Problem): Diagnostic {
  return {
    range: { start: document.positionAt(problem.start), end: document.positionAt(problem.end) },
    severity: SEVERITIES[problem.severity],
    code: problem.code,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
  };
}
