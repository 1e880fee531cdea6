import type { Diagnostic, Range } from 'vscode-languageserver-types';

import type { ApiFlavor, JsonPath, Target } from '../../../core/src';

/** The fast, synchronous verdict on one document, and whether the official parser should look at it too. */
export interface DocumentValidation {
  readonly diagnostics: Diagnostic[];
  readonly flavor: ApiFlavor;
  /** True for an AsyncAPI document without syntax errors: the official parser has something to check. */
  readonly needsParser: boolean;
  /** Where a path of the document lies, as an LSP range (undefined where the document has no structure). */
  readonly locate: (path: JsonPath, target: Target) => Range | undefined;
  /**
   * Where the document was checked against its version's schema with its first checks: true for a path whose
   * schema findings those checks reported (the parser's findings of that rule there are not reported again).
   */
  readonly schemaCovers?: (path: JsonPath) => boolean;
}
