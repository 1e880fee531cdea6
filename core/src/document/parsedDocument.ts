import type { Problem } from '../problem';
import type { DocumentFormat } from './documentFormat';
import type { Locator } from './locator';

/** A YAML or JSON text turned into a plain value, with every syntax problem located by offsets. */
export interface ParsedDocument {
  readonly format: DocumentFormat;
  /** The root value; undefined when the text is empty or too broken to read. */
  readonly root: unknown;
  readonly problems: readonly Problem[];
  /** Where paths of `root` lie in the text. */
  readonly locator: Locator;
}
