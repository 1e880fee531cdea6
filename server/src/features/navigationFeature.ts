import {
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  type CodeAction,
  type DocumentSymbol,
  type Location,
  type Range,
  type SelectionRange,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentHighlightKind, SymbolKind, type SymbolInformation } from 'vscode-languageserver-types';

import { formatOf, type Span } from '../../../core/src';
import {
  type FileEdit,
  findDefinition,
  findDocumentHighlights,
  findDocumentSymbols,
  findReferences,
  findTopicSymbols,
  getFoldingRanges,
  getQuickFixes,
  getSelectionRanges,
  type NavigationSources,
  prepareRename,
  rename,
  sourceFile,
  type SourceFile,
} from '../../../core/src/language';
import { projectSiblings } from '../service/validation';
import { toDocumentSymbol, toRange, toSpan } from '../utils/lspConversions';
import { handler } from '../utils/runner';
import type { ServerContext, ServerFeature } from './feature';

/**
 * Go to definition, references, highlights, rename, outline, workspace topics, folding, selection ranges and
 * quick fixes for AsyncAPI documents and WSO2 api.yaml files, across the files of the workspace.
 */
export const navigationFeature: ServerFeature = {
  capabilities: () => ({
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  }),
  register(context) {
    const { connection } = context;
    const sources = new ServerSources(context);
    // A request about a large document that is being opened waits until it has been read in slices: its whole
    // parse is not made on the request's turn, which would hold up every other request for as long.
    const whenRead =
      <P extends { textDocument: { uri: string } }, R>(run: (params: P) => R) =>
      async (params: P): Promise<R> => {
        await context.opened?.(params.textDocument.uri);
        return run(params);
      };
    const at = (uri: string, position: { line: number; character: number }) => {
      const file = sources.file(uri);
      return file === undefined ? undefined : { file, offset: sources.document(file).offsetAt(position) };
    };

    connection.onDefinition(
      handler(
        connection,
        'definitions',
        [],
        whenRead(({ textDocument, position }) => {
          const here = at(textDocument.uri, position);
          return here === undefined
            ? []
            : findDefinition(here.file, here.offset, sources).map((s) => sources.location(s));
        }),
      ),
    );
    connection.onReferences(
      handler(
        connection,
        'references',
        [],
        whenRead(({ textDocument, position, context: options }) => {
          const here = at(textDocument.uri, position);
          return here === undefined
            ? []
            : findReferences(here.file, here.offset, sources, options.includeDeclaration).map((s) =>
                sources.location(s),
              );
        }),
      ),
    );
    connection.onDocumentHighlight(
      handler(
        connection,
        'highlights',
        [],
        whenRead(({ textDocument, position }) => {
          const here = at(textDocument.uri, position);
          return here === undefined
            ? []
            : findDocumentHighlights(here.file, here.offset, sources).map(({ span, kind }) => ({
                range: sources.range(here.file, span),
                kind: kind === 'declaration' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
              }));
        }),
      ),
    );
    connection.onPrepareRename(
      handler(
        connection,
        'rename',
        null,
        whenRead(({ textDocument, position }) => {
          const here = at(textDocument.uri, position);
          if (here === undefined) {
            return null;
          }
          const target = prepareRename(here.file, here.offset, sources);
          return 'error' in target
            ? new ResponseError(ErrorCodes.InvalidRequest, target.error)
            : { range: sources.range(here.file, target.span), placeholder: target.placeholder };
        }),
      ),
    );
    connection.onRenameRequest(
      handler(
        connection,
        'rename',
        null,
        whenRead(({ textDocument, position, newName }) => {
          const here = at(textDocument.uri, position);
          if (here === undefined) {
            return null;
          }
          const result = rename(here.file, here.offset, newName, sources);
          return 'error' in result
            ? new ResponseError<void>(ErrorCodes.InvalidRequest, result.error)
            : sources.workspaceEdit(result.edits);
        }),
      ),
    );
    connection.onDocumentSymbol(
      handler(
        connection,
        'document symbols',
        [],
        whenRead(({ textDocument }) => {
          const file = sources.file(textDocument.uri);
          return file === undefined ? [] : sources.symbols(file);
        }),
      ),
    );
    connection.onWorkspaceSymbol(
      handler(connection, 'workspace symbols', [], ({ query }) => sources.topicSymbols(query)),
    );
    connection.onFoldingRanges(
      handler(
        connection,
        'folding ranges',
        null,
        whenRead(({ textDocument }) => {
          const file = sources.apiFile(textDocument.uri);
          return file === undefined ? null : getFoldingRanges(file.text, file.format, file.tree);
        }),
      ),
    );
    connection.onSelectionRanges(
      handler(
        connection,
        'selection ranges',
        [],
        whenRead(({ textDocument, positions }) => {
          const file = sources.file(textDocument.uri);
          return file === undefined
            ? []
            : positions.map((position) => sources.selectionRange(file, position));
        }),
      ),
    );
    connection.onCodeAction(
      handler(
        connection,
        'quick fixes',
        [],
        whenRead(({ textDocument, context: { diagnostics } }) => {
          const file = sources.file(textDocument.uri);
          if (file === undefined) {
            return [];
          }
          const document = sources.document(file);
          return diagnostics.flatMap((diagnostic) =>
            getQuickFixes(
              file,
              {
                code: String(diagnostic.code ?? ''),
                span: toSpan(document, diagnostic.range),
                data: diagnostic.data,
              },
              sources,
            ).map((fix): CodeAction => ({
              title: fix.title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [diagnostic],
              isPreferred: fix.isPreferred === true,
              edit: sources.workspaceEdit(fix.edits),
            })),
          );
        }),
      ),
    );
  },
};

/** The workspace as navigation reads it: open documents first, else the disk; parsed once per text. */
class ServerSources implements NavigationSources {
  private readonly cache = new Map<string, SourceFile>();
  private readonly documents = new WeakMap<SourceFile, TextDocument>();
  /** The outline of each text: the editor asks again and again (outline, breadcrumbs, sticky scroll). */
  private readonly outlines = new WeakMap<SourceFile, DocumentSymbol[]>();

  constructor(private readonly context: ServerContext) {}

  file(uri: string): SourceFile | undefined {
    const open = this.context.documents.get(uri);
    const text = this.context.readText(uri);
    if (text === undefined) {
      return undefined;
    }
    const cached = this.cache.get(uri);
    if (cached?.text === text) {
      return cached;
    }
    // An open document's parse cache holds the pieces of its last validated text. A request may come before
    // the validation of the latest edit (it waits for a pause in typing): then the new text is parsed in pieces
    // here, which costs the edited piece only, and the validation finds every piece parsed.
    const parseCache = open === undefined ? undefined : this.context.parseCache?.(uri);
    if (parseCache?.cuts(text) === true && parseCache.piecesOf(text) === undefined) {
      parseCache.parse(text);
    }
    const file = sourceFile(uri, text, formatOf(uri, open?.languageId), parseCache);
    if (file !== undefined) {
      if (this.cache.size > 200) {
        this.cache.clear();
      }
      this.cache.set(uri, file);
    }
    return file;
  }

  /** An AsyncAPI document or api.yaml: the files this server folds (others keep the editor's own folding). */
  apiFile(uri: string): SourceFile | undefined {
    const file = this.file(uri);
    const isApi = /^(?:asyncapi|"asyncapi"|'asyncapi')\s*:|"asyncapi"\s*:|^type\s*:\s*api\s*$/m.test(
      file?.text ?? '',
    );
    return isApi ? file : undefined;
  }

  candidates(): string[] {
    return [...this.context.documents.keys(), ...this.context.projects.uris()];
  }

  siblings(uri: string): string[] {
    return projectSiblings(uri).filter((sibling) => this.file(sibling) !== undefined);
  }

  document(file: SourceFile): TextDocument {
    let document = this.documents.get(file);
    if (document === undefined) {
      document = TextDocument.create(file.uri, file.format, 0, file.text);
      this.documents.set(file, document);
    }
    return document;
  }

  symbols(file: SourceFile): DocumentSymbol[] {
    let outline = this.outlines.get(file);
    if (outline === undefined) {
      outline = findDocumentSymbols(file).map((symbol) => toDocumentSymbol(this.document(file), symbol));
      this.outlines.set(file, outline);
    }
    return outline;
  }

  range(file: SourceFile, span: Span): Range {
    return toRange(this.document(file), span);
  }

  location({ uri, span }: { uri: string; span: Span }): Location {
    const file = this.file(uri);
    return {
      uri,
      range:
        file === undefined
          ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }
          : this.range(file, span),
    };
  }

  workspaceEdit(edits: readonly FileEdit[]): WorkspaceEdit {
    const changes: Record<string, TextEdit[]> = {};
    for (const edit of edits) {
      (changes[edit.uri] ??= []).push({ range: this.location(edit).range, newText: edit.newText });
    }
    return { changes };
  }

  topicSymbols(query: string): SymbolInformation[] {
    const files = [...new Set(this.candidates())].flatMap((uri) => this.file(uri) ?? []);
    return findTopicSymbols(files, query).map((topic) => ({
      name: topic.name,
      kind: SymbolKind.Interface,
      containerName: topic.container,
      location: this.location(topic),
    }));
  }

  selectionRange(file: SourceFile, position: { line: number; character: number }): SelectionRange {
    const offset = this.document(file).offsetAt(position);
    const spans = getSelectionRanges(file.tree, offset);
    let parent: SelectionRange | undefined;
    for (const span of [...spans].reverse()) {
      parent = { range: this.range(file, span), ...(parent !== undefined && { parent }) };
    }
    return parent ?? { range: { start: position, end: position } };
  }
}
