import { fileURLToPath } from 'node:url';
import {
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type Disposable,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse as parseYaml } from 'yaml';

import { formatOf, mightBeAsyncApi, ParseCache } from '../../core/src/document';
import { generateDocument, WARM_UP_LINES } from '../../core/src/document/sampleDocument';
import { ServerStatusRequest, type ServerStatus } from '../../core/src/protocol';
import { PROJECT_FILES_GLOB } from '../../core/src/wso2/projectLayout';
import type { ServerContext } from './features/feature';
import { FEATURES } from './features';
import type { OfficialParser, ParserFinding } from './officialParser/protocol';
import { parserDiagnostics } from './service/parserDiagnostics';
import {
  doValidation,
  NOTHING,
  projectSiblings,
  type DocumentValidation,
  type WorkspaceContext,
} from './service/validation';
import { textReader } from './utils/readText';
import { formatError, runSafe } from './utils/runner';
import type { RuntimeEnvironment } from './runtime';
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
      diagnostics.pullMode = true;
    }
    for (const feature of FEATURES) {
      Object.assign(capabilities, feature.capabilities(params.capabilities));
    }
    return { capabilities, serverInfo: { name: SERVER_NAME, version: '0.1.0' } };
  });
  for (const feature of FEATURES) {
    feature.register(context);
  }
  connection.languages.diagnostics.on((params) =>
    diagnostics.pull(params.textDocument.uri, params.previousResultId),
  );
  connection.onRequest(ServerStatusRequest.type, () => diagnostics.status(documents.all().length));
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

/**
 * Publishes diagnostics in two steps: wsapi's own checks at once (a newly opened document) or after a short
 * pause in typing, then the official parser's findings when its worker is done. A document edited while the
 * parser works is parsed once more afterwards, with its latest text; stale results are never published.
 */
class DiagnosticsPipeline {
  /** True when the client pulls the diagnostics of open documents; closed project files are still pushed. */
  pullMode = false;
  /** In pull mode: the latest diagnostics of each open document, for the client's next pull. */
  private readonly reports = new Map<string, DiagnosticReport>();
  private resultIds = 0;
  private answeringPull = false;
  private refreshQueued = false;
  private readonly pending = new Map<string, Disposable>();
  /** Large documents whose first parse is under way in slices. */
  private readonly opening = new Map<string, Promise<void>>();
  private readonly seen = new Set<string>();
  /** When the first change since a document's last check came. */
  private readonly unchecked = new Map<string, number>();
  private readonly parsing = new Set<string>();
  private readonly parseAgain = new Set<string>();
  private readonly parserResults = new Map<string, Diagnostic[]>();
  private readonly parserTimers = new Map<string, Disposable>();
  private readonly parseCaches = new Map<string, ParseCache>();
  private parses = 0;
  private parseMs = 0;
  /** What validation knows of the workspace, and the parse cache of each open document. */
  private readonly workspace: WorkspaceContext;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly runtime: RuntimeEnvironment,
    private readonly projects: WorkspaceProjects,
  ) {
    this.workspace = {
      ...projects.context,
      parseCache: (uri) => {
        let cache = this.parseCaches.get(uri);
        if (cache === undefined && this.documents.get(uri) !== undefined) {
          cache = new ParseCache();
          this.parseCaches.set(uri, cache);
        }
        return cache;
      },
    };
  }

  /** The parse cache of an open document, if it has one yet. */
  parseCache(uri: string): ParseCache | undefined {
    return this.parseCaches.get(uri);
  }

  /**
   * Checks every WSO2 API project of the workspace folders, open or not, with a progress notification; yields
   * between files so that the server keeps answering.
   */
  async checkWorkspace(folders: readonly string[]): Promise<void> {
    const files = runSafe(
      this.log,
      () => this.runtime.findProjectFiles?.(folders) ?? [],
      [],
      'Error while searching API projects',
    );
    if (files.length === 0) {
      return;
    }
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('WebSocket API', 0, `Checking ${files.length} API project files`, false);
    this.projects.add(files);
    for (const [index, uri] of files.entries()) {
      this.refresh(uri);
      progress.report(Math.round(((index + 1) / files.length) * 100));
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Open api.yaml files may now have a duplicate elsewhere in the workspace.
    this.documents.all().forEach((document) => this.validate(document, true));
    progress.done();
  }

  /** A project file changed, was created or deleted on disk (a watched-file notification). */
  changedOnDisk(uri: string, deleted: boolean): void {
    let others: string[];
    if (deleted) {
      others = this.projects.place(uri, undefined);
      this.projects.remove(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    } else {
      others = this.projects.add([uri]);
    }
    for (const affected of [...this.projects.affectedBy(uri), ...others]) {
      if (!(deleted && affected === uri)) {
        this.refresh(affected);
      }
    }
  }

  /** Checks a file again: through its editor when open, from disk otherwise. */
  private refresh(uri: string): void {
    const open = this.documents.get(uri);
    if (open !== undefined) {
      this.validate(open, true);
      return;
    }
    const diagnostics = runSafe(
      this.log,
      () => this.projects.diagnosticsOnDisk(uri),
      [],
      `Error while validating ${uri}`,
    );
    void this.connection.sendDiagnostics({ uri, diagnostics: diagnostics ?? [] });
  }

  changed(document: TextDocument): void {
    const { uri } = document;
    this.cancelPending(uri);
    // TextDocuments fires a change on open too: a newly opened document is validated at once.
    if (!this.seen.has(uri)) {
      this.seen.add(uri);
      if (this.pullMode && this.projects.has(uri)) {
        // Its diagnostics from disk were pushed while it was closed; from now on the client pulls them.
        void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
      const cache = this.workspace.parseCache?.(uri);
      if (cache?.cuts(document.getText()) === true) {
        const opening = this.openLarge(document, cache).finally(() => this.opening.delete(uri));
        this.opening.set(uri, opening);
        return;
      }
      this.validate(document, false, this.startParse(document));
      return;
    }
    // After a pause in typing of validationDelayMs, so that the requests that come with the changes (completion
    // as you type) are not held up by checks; while the changes never pause, every MAX_WAIT_PAUSES such pauses.
    const now = performance.now();
    const since = this.unchecked.get(uri) ?? now;
    this.unchecked.set(uri, since);
    const delay = this.runtime.validationDelayMs;
    const wait = Math.max(0, Math.min(delay, since + delay * MAX_WAIT_PAUSES - now));
    const timer = this.runtime.timer.setTimeout(() => {
      this.pending.delete(uri);
      const current = this.documents.get(uri);
      // A pull may have checked this version already.
      if (current !== undefined && this.reports.get(uri)?.version !== current.version) {
        this.validate(current);
      }
    }, wait);
    this.pending.set(uri, timer);
  }

  /**
   * Runs wsapi's own checks once on generated documents (a large YAML one in pieces, a JSON one) while the server
   * is idle, in the same slices as a real document, so that the first document opened does not also pay for
   * compiling the code that reads it: that costs a few hundred milliseconds on a cold server.
   */
  async warmUp(): Promise<void> {
    // Each sample is made in the turn that reads it (a YAML parse of the JSON one's text takes a while too).
    const samples = [
      {
        uri: 'wsapi-warm-up:/asyncapi.yaml',
        languageId: 'yaml',
        text: () => generateDocument('2.6.0', WARM_UP_LINES),
      },
      {
        uri: 'wsapi-warm-up:/asyncapi.json',
        languageId: 'json',
        text: () => JSON.stringify(parseYaml(generateDocument('3.0.0', WARM_UP_LINES / 4)), null, 2),
      },
    ];
    for (const sample of samples) {
      const { uri, languageId } = sample;
      const text = sample.text();
      const cache = new ParseCache(0); // read in pieces and in steps, whatever its size
      while (!cache.prime(text, PRIME_SLICE_MS, languageId === 'json' ? 'json' : 'yaml')) {
        await this.nextTurn();
      }
      const document = TextDocument.create(uri, languageId, 1, text);
      runSafe(
        this.log,
        () => parserDiagnostics(WARM_UP_FINDINGS, doValidation(document, { parseCache: () => cache })),
        [],
        'Error while warming up',
      );
      await this.nextTurn();
    }
  }

  private nextTurn(): Promise<void> {
    return new Promise<void>((resolve) => this.runtime.timer.setTimeout(resolve, 0));
  }

  status(documents: number): ServerStatus {
    return {
      documents,
      parses: this.parses,
      parseMs: Math.round(this.parseMs),
      parsing: this.parsing.size,
      parserWarm: this.runtime.officialParser?.warm ?? false,
    };
  }

  closed(uri: string): void {
    this.cancelPending(uri);
    this.seen.delete(uri);
    this.unchecked.delete(uri);
    this.parserResults.delete(uri);
    this.parseCaches.delete(uri);
    this.reports.delete(uri);
    if (this.projects.has(uri)) {
      this.projects.place(uri, this.runtime.readFile?.(uri));
      this.refresh(uri); // a project file keeps its diagnostics from disk
    } else {
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  /**
   * Checks a document and publishes; `siblingChanged` when only the other file of its WSO2 project changed:
   * then the project checks run again, and the parser (whose input did not change) does not.
   */
  /**
   * A newly opened large document: the parser's worker starts at once, and its first parse (YAML in pieces, JSON
   * in steps) is spread over turns of the event loop (PRIME_SLICE_MS each) so that requests keep being answered.
   */
  private async openLarge(document: TextDocument, cache: ParseCache): Promise<void> {
    const early = this.startParse(document);
    const text = document.getText();
    const format = formatOf(document.uri, document.languageId) ?? 'yaml';
    while (!cache.prime(text, PRIME_SLICE_MS, format)) {
      await this.nextTurn();
    }
    // The checks of the whole document are a task of their own too.
    await this.nextTurn();
    if (this.documents.get(document.uri) === document) {
      this.validate(document, false, early);
    } else if (early !== undefined) {
      // Closed while it was being read: the parse's findings go nowhere.
      const forget = (): void => void this.parsing.delete(document.uri);
      early.findings.then(forget, forget);
    }
  }

  /**
   * `early`: a parse started for a newly opened document before wsapi's own checks run, so that the two overlap
   * and the full diagnostics come as soon as the slower of them is done.
   */
  private validate(document: TextDocument, siblingChanged = false, early?: StartedParse): void {
    this.unchecked.delete(document.uri);
    const validation = runSafe(
      this.log,
      () => doValidation(document, this.workspace),
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
    const duplicates = this.projects.place(document.uri, document.getText());
    for (const other of [...projectSiblings(document.uri), ...duplicates]) {
      if (this.documents.get(other) !== undefined || this.projects.has(other)) {
        this.refresh(other);
      }
    }
    const parser = this.runtime.officialParser;
    if (early !== undefined) {
      void this.finishParse(document, validation, early);
      return;
    }
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
    if (this.parsing.has(document.uri)) {
      this.parseAgain.add(document.uri);
      return;
    }
    await this.finishParse(document, validation, this.begin(document, parser));
  }

  /** Starts the parser on a document that may be an AsyncAPI document; undefined when there is no need. */
  private startParse(document: TextDocument): StartedParse | undefined {
    const parser = this.runtime.officialParser;
    const format = formatOf(document.uri, document.languageId);
    if (
      parser === undefined ||
      format === undefined ||
      this.parsing.has(document.uri) ||
      !mightBeAsyncApi(document.getText(), format)
    ) {
      return undefined;
    }
    return this.begin(document, parser);
  }

  private begin(document: TextDocument, parser: OfficialParser): StartedParse {
    // TextDocuments updates a document in place: take its version and text now, before awaiting.
    const { uri, version } = document;
    this.parsing.add(uri);
    this.parses++;
    return {
      version,
      started: performance.now(),
      findings: parser.parse(document.getText(), filePathOf(uri)),
    };
  }

  /** Publishes a parse's findings with the own checks of the same version; parses again if the text moved on. */
  private async finishParse(
    document: TextDocument,
    validation: DocumentValidation,
    { version, started, findings }: StartedParse,
  ): Promise<void> {
    const { uri } = document;
    try {
      const found = await findings;
      const current = (): boolean =>
        validation.needsParser && document.version === version && this.documents.get(uri) === document;
      // Thousands of findings take tens of milliseconds to place: in slices, so that requests go on meanwhile.
      const diagnostics: Diagnostic[] = [];
      for (let from = 0; current() && from < found.length;) {
        const deadline = performance.now() + PRIME_SLICE_MS;
        for (; from < found.length && performance.now() < deadline; from += FINDINGS_STEP) {
          diagnostics.push(...parserDiagnostics(found.slice(from, from + FINDINGS_STEP), validation));
        }
        if (from < found.length) {
          await this.nextTurn();
        }
      }
      if (current()) {
        this.parserResults.set(uri, diagnostics);
        this.publish(uri, version, [...validation.diagnostics, ...diagnostics]);
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

  /**
   * A client's pull: the diagnostics of the document's current version, checked now if the pause in typing has
   * not ended yet. Closed files have none here: theirs are pushed.
   */
  async pull(uri: string, previousResultId: string | undefined): Promise<DocumentDiagnosticReport> {
    await this.opening.get(uri);
    const document = this.documents.get(uri);
    if (document === undefined) {
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
    if (this.reports.get(uri)?.version !== document.version) {
      this.pending.get(uri)?.dispose();
      this.pending.delete(uri);
      this.answeringPull = true;
      try {
        this.validate(document);
      } finally {
        this.answeringPull = false;
      }
    }
    const report = this.reports.get(uri);
    if (report === undefined) {
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
    return report.resultId === previousResultId
      ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId: report.resultId }
      : { kind: DocumentDiagnosticReportKind.Full, resultId: report.resultId, items: report.diagnostics };
  }

  private publish(uri: string, version: number, diagnostics: Diagnostic[]): void {
    if (!this.pullMode || this.documents.get(uri) === undefined) {
      void this.connection.sendDiagnostics({ uri, version, diagnostics });
      return;
    }
    this.reports.set(uri, { version, resultId: String(++this.resultIds), diagnostics });
    if (!this.answeringPull) {
      this.askToPull();
    }
  }

  /** Tells the client to pull again (once for everything that changed in this turn of the event loop). */
  private askToPull(): void {
    if (this.refreshQueued) {
      return;
    }
    this.refreshQueued = true;
    this.runtime.timer.setTimeout(() => {
      this.refreshQueued = false;
      this.connection.languages.diagnostics.refresh();
    }, 0);
  }

  private cancelPending(uri: string): void {
    this.pending.get(uri)?.dispose();
    this.pending.delete(uri);
    this.parserTimers.get(uri)?.dispose();
    this.parserTimers.delete(uri);
  }

  private readonly log = (message: string): void => this.connection.console.error(message);
}

/** How long the first parse of a large document may hold the event loop at a time. */
const PRIME_SLICE_MS = 5;
/** Parser findings placed between two looks at the clock. */
const FINDINGS_STEP = 50;
/** A document that keeps changing with no pause is checked after this many pauses' time all the same. */
const MAX_WAIT_PAUSES = 8;

/** Findings placed on the warm-up's documents: the first parser findings of a real one cost 20 ms less. */
const WARM_UP_FINDINGS: readonly ParserFinding[] = [
  {
    code: 'asyncapi2-schemas',
    message: 'Property "titel" is not expected to be here',
    severity: 0,
    path: ['info'],
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    suggestion: 'title',
  },
  {
    code: 'asyncapi2-schemas',
    message: '"title" property type must be string',
    severity: 0,
    path: ['info', 'title'],
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  },
];

/** What a pull answers for one open document. */
interface DiagnosticReport {
  readonly version: number;
  readonly resultId: string;
  readonly diagnostics: Diagnostic[];
}

/** A parse under way in the worker: the version it reads and its findings to come. */
interface StartedParse {
  readonly version: number;
  readonly started: number;
  readonly findings: Promise<readonly ParserFinding[]>;
}

function filePathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
