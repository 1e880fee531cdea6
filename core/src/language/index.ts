// The language features of core, one room each; the server imports them from here.
// cursor/: a tolerant reading of text that may not parse (what is typed where), for completion and hover.
// completion/: keys, values, $refs and snippets from the spec schema, WSO2's extensions and api.yaml.
// hover/: what a key means, what a $ref points at, where a topic is served.
// navigation/: a located tree of the document and the files it refers to: definition, references, rename,
//   outline and workspace symbols, folding and selection ranges.
// codeActions/: quick fixes for the diagnostics that carry one.
export type { CursorContext, DocumentIndex, NodeAtOffset } from './cursor/types';
export { indexDocument } from './cursor/indexDocument';

export type {
  AssistDocument,
  AssistEnvironment,
  CompletionEntry,
  CompletionKind,
  KeyInfo,
} from './completion/types';
export { assistDocument, doComplete, specVersionFor } from './completion/complete';
export { snippetDefaults } from './completion/snippets';

export { doHover, type HoverResult } from './hover/hover';

export type { TreeNode } from './navigation/tree';
export { buildTree } from './navigation/tree';
export { sourceFile, type FileSpan, type NavigationSources, type SourceFile } from './navigation/sources';
export { treeFromPieces } from './navigation/pieces';
export { findDefinition, findDocumentHighlights, findReferences } from './navigation/references';
export { prepareRename, rename, type FileEdit, type RenameResult } from './navigation/rename';
export {
  findDocumentSymbols,
  findTopicSymbols,
  type OutlineSymbol,
  type TopicSymbol,
} from './navigation/symbols';
export { getFoldingRanges, getSelectionRanges, type FoldingLines } from './navigation/folding';

export type { FixableDiagnostic, QuickFix } from './codeActions/types';
export { getQuickFixes } from './codeActions/quickFixes';
