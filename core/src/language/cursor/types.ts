import type { DocumentFormat } from '../../document/documentFormat';
import type { JsonPath, Span } from '../../document/locator';

/** What is being typed at the cursor, worked out from text that may not parse. */
export interface CursorContext {
  /** `key`: a key of the mapping at `path`; `value`: the value at `path`. */
  readonly kind: 'key' | 'value';
  readonly path: JsonPath;
  /** What is typed so far, without quotes. */
  readonly prefix: string;
  /** The range a completion replaces: the word (or quoted string, quotes included) at the cursor. */
  readonly replace: Span;
  /** Keys the mapping already has (kind `key`). */
  readonly present: readonly string[];
  /** Written inside a flow collection (`{...}`, `[...]`) or JSON: no block snippets. */
  readonly flow: boolean;
  /** Kind `key` on a line without `:` (`  proto|`, `- na|`): the text may also be a value at `path`. */
  readonly mayBeValue: boolean;
  /** The quote the typed text is in, when it is quoted. */
  readonly quote: '"' | "'" | undefined;
  /** YAML: the key already has its `:` (only the key is replaced). */
  readonly hasColon: boolean;
}

/** A key or a scalar of the document at an offset (for hover). */
export interface NodeAtOffset {
  readonly kind: 'key' | 'value';
  /** For a key, the path of its value; for a value, its own path. */
  readonly path: JsonPath;
  readonly span: Span;
  /** The key, or the scalar value's text (unquoted). */
  readonly text: string;
}

/**
 * A YAML or JSON text read for completion and hover: tolerant of half-typed lines, fast on large documents.
 * Built once per document version.
 */
export interface DocumentIndex {
  readonly format: DocumentFormat;
  readonly text: string;
  contextAt(offset: number): CursorContext | undefined;
  nodeAt(offset: number): NodeAtOffset | undefined;
  /** The keys of the mapping at a path, in document order; undefined when there is none. */
  keysAt(path: JsonPath): string[] | undefined;
  /** The scalar at a path, as text; undefined when it is absent or not a scalar. */
  scalarAt(path: JsonPath): string | undefined;
  /** The source text of the entry at a path (its key line and everything below it). */
  sourceAt(path: JsonPath): { text: string; span: Span } | undefined;
}
