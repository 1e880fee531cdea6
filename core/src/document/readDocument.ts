import type { Problem } from '../problem';
import type { DocumentFormat } from './documentFormat';
import { kindOf, mightBeAsyncApi, type DocumentKind } from './documentKind';
import { parseDocument, type ParsedDocument } from './parseDocument';

/** What wsapi knows about one YAML or JSON text. */
export interface DocumentReading {
  readonly kind: DocumentKind;
  /** Present when the text was parsed (only texts that can be API definitions are). */
  readonly parsed?: ParsedDocument;
  /** Problems to report; always empty for kind `other`. */
  readonly problems: readonly Problem[];
}

const OTHER: DocumentReading = { kind: 'other', problems: [] };

/**
 * Reads a text as an API definition: AsyncAPI when its root has an `asyncapi` key. A text that cannot be
 * one is rejected by a single scan and never parsed. A text that looks like one but does not parse is still
 * an AsyncAPI document: its syntax errors are exactly what its author needs to see.
 */
export function readDocument(text: string, format: DocumentFormat): DocumentReading {
  if (!mightBeAsyncApi(text, format)) {
    return OTHER;
  }
  const parsed = parseDocument(text, format);
  const hasErrors = parsed.problems.some((problem) => problem.severity === 'error');
  if (kindOf(parsed.root) !== 'asyncapi' && !hasErrors) {
    return OTHER;
  }
  return { kind: 'asyncapi', parsed, problems: parsed.problems };
}
