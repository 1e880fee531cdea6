import {
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { ServerStatusRequest } from '../../core/src/protocol';
import { PROJECT_FILES_GLOB } from '../../core/src/wso2/projectLayout';
import { DiagnosticsPipeline } from './diagnostics/pipeline';
import type { ServerContext } from './features/feature';
import { FEATURES } from './features';
import type { RuntimeEnvironment } from './runtime';
import { textReader } from './utils/readText';
import { handler } from './utils/runner';
import { WorkspaceProjects } from './workspaceProjects';

export const SERVER_NAME = 'wsapi-language-server';

/**
 * Wires the language service to a connection: capabilities, documents and diagnostics. Nothing here
 * knows how the connection is transported (stdio, IPC or an in-memory stream pair in tests).
 */
export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const documents = new TextDocuments(TextDocument);
  const readText = textReader(documents, runtime);
  const projects = new WorkspaceProjects(readText, (uri) => documents.get(uri) !== undefined);
  const diagnostics = new DiagnosticsPipeline(connection, documents, runtime, projects);
  let initialize: InitializeParams | undefined;

  const workspaceFolders = (): string[] =>
    initialize?.workspaceFolders?.map((folder) => folder.uri) ??
    (initialize?.rootUri ? [initialize.rootUri] : []);
  const context: ServerContext = {
    connection,
    documents,
    runtime,
    projects,
    readText,
    workspaceFolders,
    clientCapabilities: () => initialize?.capabilities ?? {},
    parseCache: (uri) => diagnostics.parseCache(uri),
    opened: (uri) => diagnostics.opened(uri),
  };

  connection.onInitialize((params): InitializeResult => {
    initialize = params;
    const capabilities: ServerCapabilities = { textDocumentSync: TextDocumentSyncKind.Incremental };
    // Pull diagnostics where the client can pull and be told to pull again (when the parser's findings come).
    if (
      params.capabilities.textDocument?.diagnostic !== undefined &&
      params.capabilities.workspace?.diagnostics?.refreshSupport === true
    ) {
      capabilities.diagnosticProvider = { interFileDependencies: true, workspaceDiagnostics: false };
      diagnostics.reports.pullMode = true;
    }
    for (const feature of FEATURES) {
      Object.assign(capabilities, feature.capabilities(params.capabilities));
    }
    return { capabilities, serverInfo: { name: SERVER_NAME, version: '0.1.0' } };
  });
  for (const feature of FEATURES) {
    feature.register(context);
  }
  // Not through `handler`: a pull's errors carry the protocol's DiagnosticServerCancellationData, and its checks
  // run through runSafe in the pipeline.
  connection.languages.diagnostics.on((params) =>
    diagnostics.pull(params.textDocument.uri, params.previousResultId),
  );
  const status = handler(
    connection,
    'the server status',
    new ResponseError(
      ErrorCodes.InternalError,
      'wsapi could not read its status: the output "WebSocket API Language Server" has the error.',
    ),
    () => diagnostics.status(documents.all().length),
  );
  connection.onRequest(ServerStatusRequest.type, (token) => status(undefined, token));
  documents.onDidChangeContent((event) => diagnostics.changed(event.document));
  documents.onDidClose((event) => diagnostics.closed(event.document.uri));
  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      diagnostics.changedOnDisk(change.uri, change.type === FileChangeType.Deleted);
    }
  });
  connection.onInitialized(() => {
    runtime.officialParser?.warmUp();
    void diagnostics.warmUp();
    if (initialize?.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: PROJECT_FILES_GLOB }],
      });
    }
    void diagnostics.checkWorkspace(workspaceFolders());
  });
  connection.onShutdown(() => runtime.officialParser?.dispose());

  documents.listen(connection);
  connection.listen();
}
