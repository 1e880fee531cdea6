import { fileURLToPath } from 'node:url';
import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type Disposable,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { ServerStatusRequest, type ServerStatus } from '../../core/src/protocol';
import type { OfficialParser } from './officialParser/protocol';
import { parserDiagnostics } from './service/parserDiagnostics';
import {
  doValidation,
  NOTHING,
  projectSiblings,
  type DocumentValidation,
  type ReadFile,
} from './service/validation';
import { formatError, runSafe } from './utils/runner';

/** What the server needs from its environment; tests pass fast timers. */
export interface RuntimeEnvironment {
  readonly timer: {
    setTimeout(callback: () => void, ms: number): Disposable;
  };
  /** Pause in typing before wsapi's own checks run again (they take milliseconds). */
  readonly validationDelayMs: number;
  /** Pause in typing before the official parser runs again (it takes up to a second on large documents). */
  readonly parserDelayMs: number;
  /** Reads a file that is not open (the other file of a WSO2 API project). */
  readonly readFile?: ReadFile;
  /** The official AsyncAPI parser, run off the main thread; without it only wsapi's own checks run. */
  readonly officialParser?: OfficialParser;
}

export const SERVER_NAME = 'wsapi-language-server';

/**
 * Wires the language service to a connection: capabilities, documents and diagnostics. Nothing here
 * knows how the connection is transported (stdio, IPC or an in-memory stream pair in tests).
 */
export function startServer(connection: Connection, runtime: RuntimeEnvironment): void {
  const documents = new TextDocuments(TextDocument);
  const diagnostics = new DiagnosticsPipeline(connection, documents, runtime);

  connection.onInitialize((): InitializeResult => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: SERVER_NAME, version: '0.1.0' },
  }));
  connection.onRequest(ServerStatusRequest.type, () => diagnostics.status(documents.all().length));
  documents.onDidChangeContent((event) => diagnostics.changed(event.document));
  documents.onDidClose((event) => diagnostics.closed(event.document.uri));
  connection.onInitialized(() => runtime.officialParser?.warmUp());
  connection.onShutdown(() => runtime.officialParser?.dispose());

  documents.listen(connection);
  connection.listen();
}

/**
 * Publishes diagnostics in two steps: wsapi's own checks at once (a newly opened document) or after a short
 * pause in typing, then the official parser's findings when its worker is done. A document edited while the
 * parser works is parsed once more afterwards, with its latest text; stale results are never published.
 */
class DiagnosticsPipeline {
  private readonly pending = new Map<string, Disposable>();
  private readonly seen = new Set<string>();
  private readonly parsing = new Set<string>();
  private readonly parseAgain = new Set<string>();
  private readonly parserResults = new Map<string, Diagnostic[]>();
  private readonly parserTimers = new Map<string, Disposable>();
  private parses = 0;
  private parseMs = 0;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly runtime: RuntimeEnvironment,
  ) {}

  changed(document: TextDocument): void {
    const { uri } = document;
    this.cancelPending(uri);
    // TextDocuments fires a change on open too: a newly opened document is validated at once.
    if (!this.seen.has(uri)) {
      this.seen.add(uri);
      this.validate(document);
      return;
    }
    const timer = this.runtime.timer.setTimeout(() => {
      this.pending.delete(uri);
      const current = this.documents.get(uri);
      if (current !== undefined) {
        this.validate(current);
      }
    }, this.runtime.validationDelayMs);
    this.pending.set(uri, timer);
  }

  status(documents: number): ServerStatus {
    return { documents, parses: this.parses, parseMs: Math.round(this.parseMs), parsing: this.parsing.size };
  }

  closed(uri: string): void {
    this.cancelPending(uri);
    this.seen.delete(uri);
    this.parserResults.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /**
   * Checks a document and publishes; `siblingChanged` when only the other file of its WSO2 project changed:
   * then the project checks run again, and the parser (whose input did not change) does not.
   */
  private validate(document: TextDocument, siblingChanged = false): void {
    const validation = runSafe(
      this.log,
      () => doValidation(document, this.readFile),
      NOTHING, // a bug in a check costs that document its diagnostics, and is in the log
      `Error while validating ${document.uri}`,
    );
    if (!validation.needsParser) {
      this.parserResults.delete(document.uri);
    }
    // Until the parser answers, its previous findings stay: one edit old, better than a flicker.
    this.publish(document.uri, document.version, [
      ...validation.diagnostics,
      ...(this.parserResults.get(document.uri) ?? []),
    ]);
    if (siblingChanged) {
      return;
    }
    for (const sibling of projectSiblings(document.uri)) {
      const open = this.documents.get(sibling);
      if (open !== undefined) {
        this.validate(open, true);
      }
    }
    const parser = this.runtime.officialParser;
    if (validation.needsParser && parser !== undefined) {
      this.parserTimers.get(document.uri)?.dispose();
      // Right away for a newly opened document; after a pause in typing otherwise.
      const delay = this.parserResults.has(document.uri) ? this.runtime.parserDelayMs : 0;
      this.parserTimers.set(
        document.uri,
        this.runtime.timer.setTimeout(() => {
          this.parserTimers.delete(document.uri);
          void this.parse(document, validation, parser);
        }, delay),
      );
    }
  }

  private async parse(
    document: TextDocument,
    validation: DocumentValidation,
    parser: OfficialParser,
  ): Promise<void> {
    // TextDocuments updates a document in place: take its version and text now, before awaiting.
    const { uri, version } = document;
    if (this.parsing.has(uri)) {
      this.parseAgain.add(uri);
      return;
    }
    this.parsing.add(uri);
    const started = performance.now();
    try {
      this.parses++;
      const findings = await parser.parse(document.getText(), filePathOf(uri));
      if (document.version === version && this.documents.get(uri) === document) {
        const found = parserDiagnostics(findings, validation);
        this.parserResults.set(uri, found);
        this.publish(uri, version, [...validation.diagnostics, ...found]);
      }
    } catch (error) {
      this.log(formatError(`The AsyncAPI parser failed on ${uri}`, error));
    } finally {
      this.parseMs += performance.now() - started;
      this.parsing.delete(uri);
    }
    const latest = this.documents.get(uri);
    if (this.parseAgain.delete(uri) && latest !== undefined && latest.version !== version) {
      this.validate(latest);
    }
  }

  private publish(uri: string, version: number, diagnostics: Diagnostic[]): void {
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  private cancelPending(uri: string): void {
    this.pending.get(uri)?.dispose();
    this.pending.delete(uri);
    this.parserTimers.get(uri)?.dispose();
    this.parserTimers.delete(uri);
  }

  private readonly log = (message: string): void => this.connection.console.error(message);

  /** Another file's text: from its editor when it is open, else from disk. */
  private readonly readFile = (uri: string): string | undefined =>
    this.documents.get(uri)?.getText() ?? this.runtime.readFile?.(uri);
}

function filePathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
