import type { Span } from '../../document/locator';
import type { FileEdit } from '../navigation/rename';
import type { NavigationSources, SourceFile } from '../navigation/sources';
import type { TreeNode } from '../navigation/tree';

/** A diagnostic as a quick fix sees it: its code, where it is, and the data its rule attached. */
export interface FixableDiagnostic {
  readonly code: string;
  readonly span: Span;
  readonly data?: unknown;
}

/** One quick fix: a title for the light bulb and the edits, in one or more files. */
export interface QuickFix {
  readonly title: string;
  readonly edits: readonly FileEdit[];
  /** The fix to apply with "Auto Fix" when there are several. */
  readonly isPreferred?: boolean;
}

/** What a fixer works on: the file, the node the diagnostic is on, and the diagnostic's data. */
export interface FixContext {
  readonly file: SourceFile;
  readonly node: TreeNode;
  readonly onKey: boolean;
  readonly data: Readonly<Record<string, unknown>>;
  readonly sources: NavigationSources;
}
