import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Hover,
  type TextDocumentPositionParams,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { formatOf, mightBeAsyncApi } from '../../../core/src/document';
import { projectFileOf } from '../../../core/src/wso2/projectLayout';
import {
  assistDocument,
  type AssistDocument,
  type AssistEnvironment,
  type CompletionEntry,
  type CompletionKind,
  doComplete,
  type DocumentIndex,
  doHover,
  indexDocument,
  snippetDefaults,
  specVersionFor,
} from '../../../core/src/language';
import { projectSiblings } from '../service/validation';
import { formatError } from '../utils/runner';
import type { ServerContext, ServerFeature } from './feature';

type Schemas = Readonly<Record<string, unknown>>;

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  reference: CompletionItemKind.Reference,
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  snippet: CompletionItemKind.Snippet,
};
const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** Completion and hover for AsyncAPI documents and WSO2 api.yaml files. */
export const assistFeature: ServerFeature = {
  capabilities: () => ({
    completionProvider: { triggerCharacters: ['"', "'", '#', '/', '.', '{', ' '], resolveProvider: false },
    hoverProvider: true,
  }),
  register(context) {
    const assist = new Assist(context);
    // Loaded while the server starts, not when the first document opens and every millisecond counts.
    void assist.schemas();
    context.documents.onDidClose((event) => assist.forget(event.document.uri));
    context.connection.onCompletion((params) =>
      assist.run(params, EMPTY, 'completion', (document, offset, environment, text) =>
        toCompletionList(doComplete(document, offset, environment), text, snippetSupport(context)),
      ),
    );
    context.connection.onHover((params) =>
      assist.run(params, null, 'hover', (document, offset, environment, text) => {
        const hover = doHover(document, offset, environment);
        return hover === undefined ? null : toHover(hover.markdown, hover.span, text);
      }),
    );
  },
};

/** The documents read for completion and hover, each kept for the version it was read at. */
class Assist {
  private readonly cache = new Map<
    string,
    { version: number; document: AssistDocument | undefined; index: DocumentIndex | undefined }
  >();
  private loading: Promise<Schemas> | undefined;

  constructor(private readonly context: ServerContext) {}

  /** The AsyncAPI JSON Schemas, loaded once (35 ms). */
  schemas(): Promise<Schemas> {
    this.loading ??= import('@asyncapi/specs').then((specs) => specs.default.schemas as Schemas);
    return this.loading;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** Finds the document, reads it (once per version) and runs a request on it; a bug answers `fallback`. */
  async run<T>(
    params: TextDocumentPositionParams,
    fallback: T,
    what: string,
    request: (
      document: AssistDocument,
      offset: number,
      environment: AssistEnvironment,
      text: TextDocument,
    ) => T,
  ): Promise<T> {
    const schemas = await this.schemas();
    const text = this.context.documents.get(params.textDocument.uri);
    try {
      const document = text && this.read(text);
      return document === undefined || text === undefined
        ? fallback
        : request(document, text.offsetAt(params.position), this.environment(text.uri, schemas), text);
    } catch (error) {
      this.context.connection.console.error(
        formatError(`Error while computing ${what} for ${params.textDocument.uri}`, error),
      );
      return fallback;
    }
  }

  private read(text: TextDocument): AssistDocument | undefined {
    const cached = this.cache.get(text.uri);
    if (cached?.version === text.version) {
      return cached.document;
    }
    const format = formatOf(text.uri, text.languageId);
    const content = text.getText();
    const candidate =
      format !== undefined && (mightBeAsyncApi(content, format) || projectFileOf(text.uri)?.role === 'api');
    const index = candidate ? indexDocument(content, format, cached?.index) : undefined;
    const document = index && assistDocument(text.uri, index);
    this.cache.set(text.uri, { version: text.version, document, index });
    return document;
  }

  private environment(uri: string, schemas: Schemas): AssistEnvironment {
    const { documents, runtime } = this.context;
    const readFile = (other: string): string | undefined =>
      documents.get(other)?.getText() ?? runtime.readFile?.(other);
    return {
      asyncApiSchema: (version) => {
        const key = specVersionFor(version, Object.keys(schemas));
        return key === undefined ? undefined : schemas[key];
      },
      readFile,
      ...(runtime.listDirectory !== undefined && { listDirectory: runtime.listDirectory }),
      gateway: () => {
        const { url, tlsUrl } = this.context.projects.gateway;
        return url === undefined ? undefined : { url, ...(tlsUrl !== undefined && { tlsUrl }) };
      },
      projectSibling: () =>
        projectSiblings(uri)
          .map((sibling) => ({ uri: sibling, text: readFile(sibling) }))
          .find((sibling): sibling is { uri: string; text: string } => sibling.text !== undefined),
    };
  }
}

/** Whether the editor expands snippets (neovim 0.7 declares it does not). */
function snippetSupport(context: ServerContext): boolean {
  return context.clientCapabilities().textDocument?.completion?.completionItem?.snippetSupport === true;
}

function toCompletionList(
  entries: readonly CompletionEntry[],
  text: TextDocument,
  snippets: boolean,
): CompletionList {
  return { isIncomplete: false, items: entries.map((entry) => toCompletionItem(entry, text, snippets)) };
}

function toCompletionItem(entry: CompletionEntry, text: TextDocument, snippets: boolean): CompletionItem {
  const range = { start: text.positionAt(entry.replace.start), end: text.positionAt(entry.replace.end) };
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

function toHover(markdown: string, span: { start: number; end: number }, text: TextDocument): Hover {
  return {
    contents: { kind: MarkupKind.Markdown, value: markdown },
    range: { start: text.positionAt(span.start), end: text.positionAt(span.end) },
  };
}
