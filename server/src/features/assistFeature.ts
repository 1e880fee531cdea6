import type { CompletionList, TextDocumentPositionParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { formatOf, mightBeAsyncApi } from '../../../core/src/document';
import { generateDocument, WARM_UP_LINES } from '../../../core/src/document/sampleDocument';
import { projectFileOf } from '../../../core/src/wso2/projectLayout';
import {
  assistDocument,
  type AssistDocument,
  type AssistEnvironment,
  doComplete,
  type DocumentIndex,
  doHover,
  indexDocument,
  specVersionFor,
} from '../../../core/src/language';
import { projectSiblings } from '../service/validation';
import { toCompletionList, toHover } from '../utils/lspConversions';
import { handler } from '../utils/runner';
import { letRequestsThrough } from '../utils/turns';
import type { ServerContext, ServerFeature } from './feature';

type Schemas = Readonly<Record<string, unknown>>;

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
    void assist.schemas().then(() => assist.warmUp());
    context.documents.onDidClose((event) => assist.forget(event.document.uri));
    const { connection } = context;
    connection.onCompletion(
      handler(connection, 'completion', EMPTY, (params) =>
        assist.run(params, EMPTY, (document, offset, environment, text) =>
          toCompletionList(doComplete(document, offset, environment), text, snippetSupport(context)),
        ),
      ),
    );
    connection.onHover(
      handler(connection, 'hover', null, (params) =>
        assist.run(params, null, (document, offset, environment, text) => {
          const hover = doHover(document, offset, environment);
          return hover === undefined ? null : toHover(hover.markdown, hover.span, text);
        }),
      ),
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

  /**
   * Reads generated documents, reads them again after a one-line edit, and completes and hovers in them, one
   * step a turn while the server is idle: the first completion in a large document otherwise pays about 100 ms
   * for compiling that code, on the request's turn.
   */
  async warmUp(): Promise<void> {
    const schemas = await this.schemas();
    const uri = 'wsapi-warm-up:/asyncapi.yaml';
    const environment = this.environment(uri, schemas);
    const nextTurn = (): Promise<void> => letRequestsThrough(this.context.runtime.timer);
    for (const version of ['2.6.0', '3.0.0'] as const) {
      const text = generateDocument(version, WARM_UP_LINES);
      const edited = text.replace('\n', ' \n');
      for (const [at, content] of [text, edited].entries()) {
        const document = this.read(TextDocument.create(uri, 'yaml', at + 1, content));
        await nextTurn();
        for (const offset of [content.indexOf(': ', content.length / 2) + 3, content.length / 3]) {
          if (document !== undefined) {
            doComplete(document, Math.floor(offset), environment);
            doHover(document, Math.floor(offset), environment);
          }
        }
        await nextTurn();
      }
      this.forget(uri);
    }
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** Finds the document, reads it (once per version) and runs a request on it; `fallback` for other files. */
  async run<T>(
    params: TextDocumentPositionParams,
    fallback: T,
    request: (
      document: AssistDocument,
      offset: number,
      environment: AssistEnvironment,
      text: TextDocument,
    ) => T,
  ): Promise<T> {
    const schemas = await this.schemas();
    const text = this.context.documents.get(params.textDocument.uri);
    const document = text && this.read(text);
    return document === undefined || text === undefined
      ? fallback
      : request(document, text.offsetAt(params.position), this.environment(text.uri, schemas), text);
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
    const { readText: readFile, runtime } = this.context;
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
