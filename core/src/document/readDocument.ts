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
    problems: [...parsed.problems, ...toProblems(findings, parsed.locator)],
  };
}
