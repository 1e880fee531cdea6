import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';

import { REPO_ROOT } from '../test/support/paths';

/** A language server process driven over stdio for measurements; records when each publication arrived. */
export class LspProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly connection: ProtocolConnection;
  private readonly listeners = new Set<(params: PublishDiagnosticsParams, at: number) => void>();
  private version = 0;

  constructor(
    command: readonly string[],
    private readonly settings: unknown = {},
  ) {
    const [program = process.execPath, ...args] = command;
    this.child = spawn(program, args, { stdio: 'pipe' });
    this.child.stderr.resume();
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.child.stdout),
      new StreamMessageWriter(this.child.stdin),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const at = performance.now();
      this.listeners.forEach((listener) => listener(params, at));
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => this.settings));
    this.connection.onRequest(RegistrationRequest.type, () => undefined);
    this.connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get connectionForRequests(): ProtocolConnection {
    return this.connection;
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Resolves with the time of the n-th publication for the uri (counting from now) that satisfies the test. */
  nextPublication(
    uri: string,
    test: (params: PublishDiagnosticsParams) => boolean = () => true,
    count = 1,
    timeoutMs = 120_000,
  ): Promise<{ at: number; params: PublishDiagnosticsParams }> {
    return new Promise((resolve, reject) => {
      let seen = 0;
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (params: PublishDiagnosticsParams, at: number): void => {
        if (params.uri === uri && test(params) && ++seen === count) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve({ at, params });
        }
      };
      this.listeners.add(listener);
    });
  }

  async open(uri: string, languageId: string, text: string): Promise<number> {
    this.version = 1;
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: this.version, text },
    });
    return this.version;
  }

  /** Replaces one line of the document (an incremental change, as an editor sends it). */
  editLine(uri: string, line: number, newText: string, oldLength: number): Promise<number> {
    return this.change(uri, { start: { line, character: 0 }, end: { line, character: oldLength } }, newText);
  }

  /** Replaces a range of the document (an incremental change); resolves with the new version. */
  async change(uri: string, range: Range, text: string): Promise<number> {
    this.version++;
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: this.version },
      contentChanges: [{ range, text }],
    });
    return this.version;
  }

  /** The process's peak resident memory (VmHWM), in MiB. */
  peakMemoryMiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kib / 1024;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await this.connection.sendNotification(ExitNotification.type).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}

/** yaml-language-server from node_modules, initialized, with the AsyncAPI JSON Schema of `version` for `uri`. */
export async function startYamlLanguageServer(uri: string, version: string): Promise<LspProcess> {
  const schema = join(REPO_ROOT, 'node_modules', '@asyncapi', 'specs', 'schemas', `${version}.json`);
  const settings = { validate: true, completion: true, hover: true, schemas: { [schema]: [uri] } };
  const server = new LspProcess(
    [
      process.execPath,
      join(REPO_ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'),
      '--stdio',
    ],
    settings,
  );
  await server.initialize();
  await server.connectionForRequests.sendNotification('workspace/didChangeConfiguration', {
    settings: { yaml: settings },
  });
  return server;
}
