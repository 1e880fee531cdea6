import { toProblems } from '../asyncapi/finding';
import { apiFlavor, checkWebSocketRules, type ApiFlavor, type RuleOptions } from '../asyncapi/websocketRules';
import type { Problem } from '../problem';
import type { DocumentFormat } from './documentFormat';
import { kindOf, mightBeAsyncApi, type DocumentKind } from './documentKind';
import { parseDocument } from './parseDocument';
import type { ParsedDocument } from './parsedDocument';
import type { ParseCache } from './yamlPieces';

/** What wsapi knows about one YAML or JSON text. */
export interface DocumentReading {
  readonly kind: DocumentKind;
  /** For AsyncAPI documents: a WSO2 API, another WebSocket API, or any other AsyncAPI document. */
  readonly flavor: ApiFlavor;
  /** Present when the text was parsed (only texts that can be API definitions are). */
  readonly parsed?: ParsedDocument;
  /** Problems to report; always empty for kind `other`. */
  readonly problems: readonly Problem[];
}

const OTHER: DocumentReading = { kind: 'other', flavor: 'other', problems: [] };

/**
 * Reads a text as an API definition: AsyncAPI when its root has an `asyncapi` key. A text that cannot be
 * one is rejected by a single scan and never parsed. A text that looks like one but does not parse is still
 * an AsyncAPI document: its syntax errors are exactly what its author needs to see. A document that parses
 * is checked with the WebSocket and WSO2 rules.
 */
export function readDocument(
  text: string,
  format: DocumentFormat,
  options: RuleOptions = {},
  cache?: ParseCache,
): DocumentReading {
  if (!mightBeAsyncApi(text, format)) {
    return OTHER;
  }
  const parsed = parseDocument(text, format, cache);
  const hasErrors = parsed.problems.some((problem) => problem.severity === 'error');
  if (kindOf(parsed.root) !== 'asyncapi' && !hasErrors) {
    return OTHER;
  }
  // Rules read values: on a text with syntax errors they would judge a half-read document.
  const findings = hasErrors ? [] : checkWebSocketRules(parsed.root, options);
  return {
    kind: 'asyncapi',
    flavor: apiFlavor(parsed.root, options),
    parsed,
    problems: [...oneOutOfLine(parsed.problems), ...toProblems(findings, parsed.locator)],
  };
}

const OUT_OF_LINE = 'All mapping items must start at the same column.';

/**
 * One stray character can put every line after it out of line with its mapping, and the yaml package reports
 * each (311 times for a `'` in the middle of an 11,000-line document): reported once, on the first, with how many
 * follow, since they go away with their cause.
 */
function oneOutOfLine(problems: readonly Problem[]): readonly Problem[] {
  const outOfLine = problems.filter((problem) => problem.message === OUT_OF_LINE);
  const first = outOfLine.reduce<Problem | undefined>(
    (a, b) => (a === undefined || b.start < a.start ? b : a),
    undefined,
  );
  if (first === undefined || outOfLine.length < 2) {
    return problems;
  }
  const message = `All mapping items must start at the same column: this line and ${outOfLine.length - 1} more below (the first is the one to fix, or what comes just before it).`;
  return problems.flatMap((problem) =>
    problem === first ? [{ ...problem, message }] : problem.message === OUT_OF_LINE ? [] : [problem],
  );
}
