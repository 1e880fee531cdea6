import {
  DocumentDiagnosticReportKind,
  type Connection,
  type Disposable,
  type DocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { formatOf, ParseCache } from '../../../core/src/document';
import type { ServerStatus } from '../../../core/src/protocol';
import type { RuntimeEnvironment } from '../runtime';
import { doValidation, NOTHING, projectSiblings, type WorkspaceContext } from '../service/validation';
import { runSafe } from '../utils/runner';
import { letRequestsThrough } from '../utils/turns';
import type { WorkspaceProjects } from '../workspaceProjects';
import { readInSlices } from './opening';
import { ParserRuns, type StartedParse } from './parserRuns';
import { DiagnosticReports } from './reports';
import { warmUp } from './warmUp';
import { checkWorkspace } from './workspaceCheck';

/**
 * Publishes diagnostics in two steps: wsapi's own checks at once (a newly opened document) or after a short
 * pause in typing, then the official parser's findings when its worker is done (ParserRuns).
 */
export class DiagnosticsPipeline {
  readonly reports: DiagnosticReports;
  private readonly parser: ParserRuns;
  private readonly pending = new Map<string, Disposable>();
  /** Large documents whose first parse is under way in slices. */
  private readonly opening = new Map<string, Promise<void>>();
  private readonly seen = new Set<string>();
  /** When the first change since a document's last check came. */
  private readonly unchecked = new Map<string, number>();
  /**
   * How long each open document's last checks took (the last CHECKS_KEPT): the pause in typing follows the
   * quickest of them, so that one check stretched by garbage collection or a busy core does not lengthen the next
   * pause.
   */
  private readonly checkMs = new Map<string, number[]>();
  private readonly parseCaches = new Map<string, ParseCache>();
  /** What validation knows of the workspace, and the parse cache of each open document. */
  private readonly workspace: WorkspaceContext;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly runtime: RuntimeEnvironment,
    private readonly projects: WorkspaceProjects,
  ) {
    this.reports = new DiagnosticReports(connection, documents, runtime.timer);
    this.parser = new ParserRuns({
      runtime,
      documents,
      log: this.log,
      nextTurn: () => this.nextTurn(),
      publish: (uri, version, diagnostics) => this.reports.publish(uri, version, diagnostics),
      validate: (document) => this.validate(document),
    });
    this.workspace = {
      ...projects.context,
      ...(runtime.specValidator !== undefined && { specValidator: runtime.specValidator }),
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

  /**
   * Resolves once a newly opened large document has been read in slices (at once for any other document), so
   * that a request about the whole document waits for that read instead of parsing the whole text in one turn.
   */
  async opened(uri: string): Promise<void> {
    await this.opening.get(uri);
  }

  /** The parse cache of an open document, if it has one yet. */
  parseCache(uri: string): ParseCache | undefined {
    return this.parseCaches.get(uri);
  }

  /** Checks every WSO2 API project of the workspace folders, open or not. */
  checkWorkspace(folders: readonly string[]): Promise<void> {
    return checkWorkspace(folders, {
      connection: this.connection,
      runtime: this.runtime,
      projects: this.projects,
      log: this.log,
      refresh: (uri) => this.refresh(uri),
      recheckOpen: () => this.documents.all().forEach((document) => this.validate(document, true)),
    });
  }

  /** Compiles the code that reads documents while the server is idle. */
  warmUp(): Promise<void> {
    return warmUp(this.log, () => this.idleTurn(), this.runtime.specValidator);
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

  changed(document: TextDocument): void {
    const { uri } = document;
    this.cancelPending(uri);
    // TextDocuments fires a change on open too: a newly opened document is validated at once.
    if (!this.seen.has(uri)) {
      this.seen.add(uri);
      if (this.reports.pullMode && this.projects.has(uri)) {
        // Its diagnostics from disk were pushed while it was closed; from now on the client pulls them.
        void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
      const cache = this.workspace.parseCache?.(uri);
      if (cache?.cuts(document.getText()) === true) {
        const opening = this.openLarge(document, cache).finally(() => this.opening.delete(uri));
        this.opening.set(uri, opening);
        return;
      }
      this.validate(document, false, this.parser.start(document));
      // The first check of a document read whole also paid for its first parse (and, on a new server, for
      // compiling the code): the first pause in typing does not follow it.
      this.checkMs.delete(uri);
      return;
    }
    // After a pause in typing, so that the requests that come with the changes (completion as you type) are
    // handled first and a burst of changes is checked once: as long as the quickest of the document's last checks
    // took, from a quarter of validationDelayMs up to it (a small document's checks take a few milliseconds: its
    // errors come sooner); while the changes never pause, every MAX_WAIT_PAUSES such pauses.
    const now = performance.now();
    const since = this.unchecked.get(uri) ?? now;
    this.unchecked.set(uri, since);
    const longest = this.runtime.validationDelayMs;
    const quickest = Math.min(...(this.checkMs.get(uri) ?? [longest / 4]));
    const delay = Math.min(longest, Math.max(longest / 4, quickest));
    const wait = Math.max(0, Math.min(delay, since + longest * MAX_WAIT_PAUSES - now));
    const timer = this.runtime.timer.setTimeout(() => {
      this.pending.delete(uri);
      const current = this.documents.get(uri);
      // A pull may have checked this version already.
      if (current !== undefined && !this.reports.has(uri, current.version)) {
        this.validate(current);
      }
    }, wait);
    this.pending.set(uri, timer);
  }

  status(documents: number): ServerStatus {
    return {
      documents,
      ...this.parser.status(),
      parserWarm: this.runtime.officialParser?.warm ?? false,
    };
  }

  closed(uri: string): void {
    this.cancelPending(uri);
    this.seen.delete(uri);
    this.unchecked.delete(uri);
    this.checkMs.delete(uri);
    this.parser.closed(uri);
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
   * A client's pull: the diagnostics of the document's current version, checked now if the pause in typing has
   * not ended yet. Closed files have none here: theirs are pushed.
   */
  async pull(uri: string, previousResultId: string | undefined): Promise<DocumentDiagnosticReport> {
    await this.opening.get(uri);
    const document = this.documents.get(uri);
    if (document === undefined) {
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
    if (!this.reports.has(uri, document.version)) {
      this.pending.get(uri)?.dispose();
      this.pending.delete(uri);
      this.reports.whilePulling(() => this.validate(document));
    }
    return this.reports.answer(uri, previousResultId);
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

  /**
   * A newly opened large document: the parser's worker starts at once, and its first parse is read in slices
   * so that requests keep being answered.
   */
  private async openLarge(document: TextDocument, cache: ParseCache): Promise<void> {
    const early = this.parser.start(document);
    const format = formatOf(document.uri, document.languageId) ?? 'yaml';
    await readInSlices(cache, document.getText(), format, () => this.nextTurn());
    // The checks of the whole document are a task of their own too.
    await this.nextTurn();
    if (this.documents.get(document.uri) === document) {
      this.validate(document, false, early);
    } else if (early !== undefined) {
      this.parser.abandon(document.uri, early);
    }
  }

  /**
   * Checks a document and publishes; `siblingChanged` when only the other file of its WSO2 project changed:
   * then the project checks run again, and the parser (whose input did not change) does not. `early`: a parse
   * started for a newly opened document before wsapi's own checks run, so that the two overlap and the full
   * diagnostics come as soon as the slower of them is done.
   */
  private validate(document: TextDocument, siblingChanged = false, early?: StartedParse): void {
    this.unchecked.delete(document.uri);
    const started = performance.now();
    const validation = runSafe(
      this.log,
      () => doValidation(document, this.workspace),
      NOTHING, // a bug in a check costs that document its diagnostics, and is in the log
      `Error while validating ${document.uri}`,
    );
    const took = [performance.now() - started, ...(this.checkMs.get(document.uri) ?? [])];
    this.checkMs.set(document.uri, took.slice(0, CHECKS_KEPT));
    // Until the parser answers, its previous findings stay.
    this.reports.publish(document.uri, document.version, [
      ...validation.diagnostics,
      ...this.parser.previous(document.uri, validation),
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
    this.parser.after(document, validation, early);
  }

  /** The warm-up's turn: it gives way to the large documents being opened (their first read) until they are read. */
  private async idleTurn(): Promise<void> {
    await this.nextTurn();
    while (this.opening.size > 0) {
      await Promise.allSettled(this.opening.values());
      await this.nextTurn();
    }
  }

  /** The next step of a long task (reading in slices, placing the parser's findings), after waiting requests. */
  private nextTurn(): Promise<void> {
    return letRequestsThrough(this.runtime.timer);
  }

  private cancelPending(uri: string): void {
    this.pending.get(uri)?.dispose();
    this.pending.delete(uri);
    this.parser.cancel(uri);
  }

  private readonly log = (message: string): void => this.connection.console.error(message);
}

/** How many of a document's last checks the pause in typing follows. */
const CHECKS_KEPT = 3;
/** A document that keeps changing with no pause is checked after this many pauses' time all the same. */
const MAX_WAIT_PAUSES = 8;
