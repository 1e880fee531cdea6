import {
  DocumentDiagnosticReportKind,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import type { RuntimeEnvironment } from '../runtime';

/** What a pull answers for one open document. */
interface DiagnosticReport {
  readonly version: number;
  readonly resultId: string;
  readonly diagnostics: Diagnostic[];
}

/**
 * Where diagnostics go: pushed (publishDiagnostics), or kept for the client's next pull when it pulls (then it
 * is told to pull again). Closed project files are always pushed.
 */
export class DiagnosticReports {
  /** True when the client pulls the diagnostics of open documents; closed project files are still pushed. */
  pullMode = false;
  /** In pull mode: the latest diagnostics of each open document, for the client's next pull. */
  private readonly reports = new Map<string, DiagnosticReport>();
  private resultIds = 0;
  private answeringPull = false;
  private refreshQueued = false;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly timer: RuntimeEnvironment['timer'],
  ) {}

  publish(uri: string, version: number, diagnostics: Diagnostic[]): void {
    if (!this.pullMode || this.documents.get(uri) === undefined) {
      void this.connection.sendDiagnostics({ uri, version, diagnostics });
      return;
    }
    this.reports.set(uri, { version, resultId: String(++this.resultIds), diagnostics });
    if (!this.answeringPull) {
      this.askToPull();
    }
  }

  /** True when a pull has the diagnostics of this version of the document already. */
  has(uri: string, version: number): boolean {
    return this.reports.get(uri)?.version === version;
  }

  /** Runs the checks a pull waits for: what they publish is the answer, not a reason to pull again. */
  whilePulling(check: () => void): void {
    this.answeringPull = true;
    try {
      check();
    } finally {
      this.answeringPull = false;
    }
  }

  /** A pull's answer: the latest report, or Unchanged when the client has it already. */
  answer(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport {
    const report = this.reports.get(uri);
    if (report === undefined) {
      return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    }
    return report.resultId === previousResultId
      ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId: report.resultId }
      : { kind: DocumentDiagnosticReportKind.Full, resultId: report.resultId, items: report.diagnostics };
  }

  delete(uri: string): void {
    this.reports.delete(uri);
  }

  /** Tells the client to pull again (once for everything that changed in this turn of the event loop). */
  private askToPull(): void {
    if (this.refreshQueued) {
      return;
    }
    this.refreshQueued = true;
    this.timer.setTimeout(() => {
      this.refreshQueued = false;
      this.connection.languages.diagnostics.refresh();
    }, 0);
  }
}
