/** How bad a problem is; the server maps it to an LSP DiagnosticSeverity, the gateway to a startup error. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * A problem found in a text, located by character offsets (never by LSP ranges: the server converts
 * offsets to positions at its edge, the gateway prints line:column).
 */
export interface Problem {
  /** Stable identifier, e.g. `yaml-syntax`; documented in the README and used by quick fixes. */
  readonly code: string;
  readonly message: string;
  readonly severity: Severity;
  /** Offset of the first character the problem covers. */
  readonly start: number;
  /** Offset just past the last character the problem covers (`end >= start`). */
  readonly end: number;
  /** What a quick fix needs (see Finding.data). */
  readonly data?: Readonly<Record<string, string>>;
}

/** Syntax problems (codes `yaml-*` and `json-*`): the text could not be read as it was meant. */
export function isSyntaxProblem(problem: Problem): boolean {
  return problem.code.startsWith('yaml-') || problem.code.startsWith('json-');
}
