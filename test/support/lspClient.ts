import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import {
  ApplyWorkspaceEditRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ApplyWorkspaceEditParams,
  type ApplyWorkspaceEditResult,
  type ClientCapabilities,
  type DocumentDiagnosticReport,
  type FileChangeType,
  type InitializeResult,
  type NotificationType,
  type RequestType,
  type RequestType0,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { createConnection } from 'vscode-languageserver/node';

import { startServer } from '../../server/src/languageServer';
import type { RuntimeEnvironment } from '../../server/src/runtime';

type Waiter = {
  predicate: (params: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
};

/**
 * A language client for tests that speaks real JSON-RPC to the server: in-process over a stream pair, or to
 * `node dist/server.js --stdio` in a child process.
 */
export class LspTestClient {
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly versions = new Map<string, number>();

  private constructor(
    private readonly connection: ProtocolConnection,
    private readonly child?: ChildProcess,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      for (const waiter of this.waiters) {
        if (waiter.predicate(params)) {
          this.waiters.delete(waiter);
          waiter.resolve(params);
        }
      }
    });
    connection.listen();
  }

  /** The server's startServer on an in-memory stream pair, in this process. */
  static inProcess(runtime: RuntimeEnvironment): LspTestClient {
    const up = new PassThrough();
    const down = new PassThrough();
    startServer(createConnection(up, down), runtime);
    return new LspTestClient(
      createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up)),
    );
  }

  /** The bundled server as an editor runs it: `node dist/server.js --stdio`. */
  static stdio(serverBundle: string): LspTestClient {
    const child = spawn(process.execPath, [serverBundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    if (child.stdout === null || child.stdin === null) {
      throw new Error('no stdio pipes to the server');
    }
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    return new LspTestClient(connection, child);
  }

  /** Initializes the server, optionally with workspace folders (file: URIs) to check and more capabilities. */
  async initialize(
    workspaceFolders: readonly string[] = [],
    workspace: ClientCapabilities['workspace'] = {},
    textDocument: ClientCapabilities['textDocument'] = {},
  ): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      // In process, a processId would start the server's parent watchdog timer in the test process itself.
      processId: this.child === undefined ? null : process.pid,
      rootUri: null,
      workspaceFolders: workspaceFolders.map((uri, index) => ({ uri, name: `folder${index}` })),
      capabilities: {
        textDocument: { publishDiagnostics: { versionSupport: true }, ...textDocument },
        workspace,
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: this.nextVersion(uri), text },
    });
  }

  async replace(uri: string, text: string): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: this.nextVersion(uri) },
      contentChanges: [{ text }],
    });
  }

  /** Tells the server that files changed on disk, as an editor's file watcher does. */
  async filesChanged(changes: ReadonlyArray<{ uri: string; type: FileChangeType }>): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [...changes] });
  }

  /** Versions count per document from 1, as editors do. */
  private nextVersion(uri: string): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    return version;
  }

  /** Answers the server's workspace/applyEdit requests (an editor applying a WorkspaceEdit). */
  onApplyEdit(handler: (params: ApplyWorkspaceEditParams) => Promise<ApplyWorkspaceEditResult>): void {
    this.connection.onRequest(ApplyWorkspaceEditRequest.type, handler);
  }

  /** Runs a server command (workspace/executeCommand) with one argument object. */
  executeCommand(command: string, args: object): Promise<unknown> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] });
  }

  /** Sends a request without parameters (custom wsapi requests). */
  request<R>(type: RequestType0<R, void>): Promise<R> {
    return this.connection.sendRequest(type);
  }

  /** Sends a request with parameters (completion, hover, ...). */
  send<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    return this.connection.sendRequest(type, params);
  }

  /** Sends a notification of wsapi's protocol (or any other). */
  notify<P>(type: NotificationType<P>, params: P): Promise<void> {
    return this.connection.sendNotification(type, params);
  }

  /** Pulls a document's diagnostics (textDocument/diagnostic), as a client with pull support does. */
  pull(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.connection.sendRequest(DocumentDiagnosticRequest.type, {
      textDocument: { uri },
      ...(previousResultId === undefined ? {} : { previousResultId }),
    });
  }

  /** Calls back each time the server asks the client to pull diagnostics again (workspace/diagnostic/refresh). */
  onPullAgain(callback: () => void): void {
    this.connection.onRequest(DiagnosticRefreshRequest.type, () => {
      callback();
    });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Resolves with the first publishDiagnostics for the uri (already received or next) that satisfies the predicate. */
  diagnostics(
    uri: string,
    predicate: (params: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<PublishDiagnosticsParams> {
    const matches = (params: PublishDiagnosticsParams): boolean => params.uri === uri && predicate(params);
    const seen = this.published.find(matches);
    if (seen !== undefined) {
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(
          new Error(
            `No matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(this.published)}`,
          ),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        predicate: matches,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * Shuts the server down as an editor does and resolves with the child's exit code. In process there is no
   * exit notification: the server would end the test process with process.exit.
   */
  async dispose(): Promise<number | null> {
    await this.connection.sendRequest(ShutdownRequest.type);
    const child = this.child;
    if (child === undefined) {
      this.connection.dispose();
      return null;
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await this.connection.sendNotification(ExitNotification.type);
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
