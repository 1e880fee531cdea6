import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Hover,
  type Range,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import type { Span } from '../../../core/src/document/locator';
import {
  snippetDefaults,
  type CompletionEntry,
  type CompletionKind,
  type OutlineSymbol,
} from '../../../core/src/language';

// Every conversion between core's offsets and entries and LSP's positions and items, in one place.

/** A span of offsets as an LSP range of the document. */
export function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

/** An LSP range as a span of offsets of the document. */
export function toSpan(document: TextDocument, range: Range): Span {
  return { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
}

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  reference: CompletionItemKind.Reference,
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  snippet: CompletionItemKind.Snippet,
};

export function toCompletionList(
  entries: readonly CompletionEntry[],
  text: TextDocument,
  snippets: boolean,
): CompletionList {
  return { isIncomplete: false, items: entries.map((entry) => toCompletionItem(entry, text, snippets)) };
}

export function toCompletionItem(
  entry: CompletionEntry,
  text: TextDocument,
  snippets: boolean,
): CompletionItem {
  const range = toRange(text, entry.replace);
  // An editor without snippets gets the text with every tab stop at its default.
  const snippet = entry.snippet && snippets;
  return {
    label: entry.label,
    kind: KINDS[entry.kind],
    textEdit: { range, newText: entry.snippet && !snippets ? snippetDefaults(entry.insert) : entry.insert },
    insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    // A block snippet's lines after the first are relative to the line it goes on.
    ...(entry.insert.includes('\n') && { insertTextMode: InsertTextMode.adjustIndentation }),
    sortText: entry.sortText,
    ...(entry.filterText !== undefined && { filterText: entry.filterText }),
    ...(entry.detail !== undefined && { detail: entry.detail }),
    ...(entry.documentation !== undefined && {
      documentation: { kind: MarkupKind.Markdown, value: entry.documentation },
    }),
    ...(entry.retrigger === true && {
      command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
    }),
  };
}

export function toHover(markdown: string, span: { start: number; end: number }, text: TextDocument): Hover {
  return {
    contents: { kind: MarkupKind.Markdown, value: markdown },
    range: toRange(text, span),
  };
}

/** An outline entry of core as an LSP document symbol, its children too. */
export function toDocumentSymbol(document: TextDocument, symbol: OutlineSymbol): DocumentSymbol {
  return {
    name: symbol.name,
    ...(symbol.detail !== undefined && { detail: symbol.detail }),
    kind: symbol.kind,
    range: toRange(document, symbol.span),
    selectionRange: toRange(document, symbol.selection),
    children: symbol.children.map((child) => toDocumentSymbol(document, child)),
  };
}
