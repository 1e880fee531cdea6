import { fileURLToPath } from 'node:url';
import type { Diagnostic, Disposable, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { formatOf, mightBeAsyncApi } from '../../../core/src/document';
import type { OfficialParser, ParserFinding } from '../officialParser/protocol';
import type { RuntimeEnvironment } from '../runtime';
import { parserDiagnostics } from '../service/parserDiagnostics';
import type { DocumentValidation } from '../service/types';
import { formatError } from '../utils/runner';
import { PRIME_SLICE_MS } from './opening';

/** A parse under way in the worker: the version it reads and its findings to come. */
export interface StartedParse {
  readonly version: number;
  readonly started: number;
  readonly findings: Promise<readonly ParserFinding[]>;
}

/** What the parser runs need from the pipeline around them. */
export interface ParserHost {
  readonly runtime: RuntimeEnvironment;
  readonly documents: TextDocuments<TextDocument>;
  readonly log: (message: string) => void;
  nextTurn(): Promise<void>;
  publish(uri: string, version: number, diagnostics: Diagnostic[]): void;
  /** Checks a document that changed while the parser read an older version of it. */
  validate(document: TextDocument): void;
}

/**
 * The official parser's runs: at once for a newly opened document, after a pause in typing otherwise, one at a
 * time per document (a document edited while the parser works is parsed once more afterwards, with its latest
 * text); stale results are never published.
 */
export class ParserRuns {
  private readonly parsing = new Set<string>();
  private readonly parseAgain = new Set<string>();
  private readonly results = new Map<string, Diagnostic[]>();
  private readonly timers = new Map<string, Disposable>();
  /** How long each document's last parse took, from its start to its findings. */
  private readonly parseTook = new Map<string, number>();
  private parses = 0;
  private parseMs = 0;

  constructor(private readonly host: ParserHost) {}

  /**
   * The findings of the document's last parse, kept until the next parse answers (one edit old at most, better
   * than a flicker); none once the parser has nothing to check in the document.
   */
  previous(uri: string, validation: DocumentValidation): Diagnostic[] {
    if (!validation.needsParser) {
      this.results.delete(uri);
    }
    return this.results.get(uri) ?? [];
  }

  /** Counters for the server status request. */
  status(): { parses: number; parseMs: number; parsing: number } {
    return { parses: this.parses, parseMs: Math.round(this.parseMs), parsing: this.parsing.size };
  }

  /**
   * After wsapi's own checks of a document: the parse started early for it (a newly opened document) is
   * finished, or one is scheduled.
   */
  after(document: TextDocument, validation: DocumentValidation, early?: StartedParse): void {
    const { uri } = document;
    const parser = this.host.runtime.officialParser;
    if (early !== undefined) {
      void this.finish(document, validation, early);
      return;
    }
    if (validation.needsParser && parser !== undefined) {
      this.timers.get(uri)?.dispose();
      // Right away for a newly opened document; after a pause in typing otherwise: twice as long as its last
      // parse took, from a quarter of parserDelayMs up to it (a small document's parse is cheap: its findings
      // come sooner).
      const longest = this.host.runtime.parserDelayMs;
      const pause = Math.min(longest, Math.max(longest / 4, 2 * (this.parseTook.get(uri) ?? longest)));
      const delay = this.results.has(uri) ? pause : 0;
      this.timers.set(
        uri,
        this.host.runtime.timer.setTimeout(() => {
          this.timers.delete(uri);
          void this.parse(document, validation, parser);
        }, delay),
      );
    }
  }

  /** Starts the parser on a document that may be an AsyncAPI document; undefined when there is no need. */
  start(document: TextDocument): StartedParse | undefined {
    const parser = this.host.runtime.officialParser;
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

  /** A document closed while its early parse ran: the parse's findings go nowhere. */
  abandon(uri: string, early: StartedParse): void {
    const forget = (): void => void this.parsing.delete(uri);
    early.findings.then(forget, forget);
  }

  /** A pending run is called off (the document changed again, or closed). */
  cancel(uri: string): void {
    this.timers.get(uri)?.dispose();
    this.timers.delete(uri);
  }

  closed(uri: string): void {
    this.cancel(uri);
    this.results.delete(uri);
    this.parseTook.delete(uri);
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
    await this.finish(document, validation, this.begin(document, parser));
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
  private async finish(
    document: TextDocument,
    validation: DocumentValidation,
    { version, started, findings }: StartedParse,
  ): Promise<void> {
    const { uri } = document;
    const { documents } = this.host;
    try {
      const found = await findings;
      const current = (): boolean =>
        validation.needsParser && document.version === version && documents.get(uri) === document;
      // Thousands of findings take tens of milliseconds to place: in slices, so that requests go on meanwhile.
      const diagnostics: Diagnostic[] = [];
      for (let from = 0; current() && from < found.length;) {
        const deadline = performance.now() + PRIME_SLICE_MS;
        for (; from < found.length && performance.now() < deadline; from += FINDINGS_STEP) {
          diagnostics.push(...parserDiagnostics(found.slice(from, from + FINDINGS_STEP), validation));
        }
        if (from < found.length) {
          await this.host.nextTurn();
        }
      }
      if (current()) {
        this.results.set(uri, diagnostics);
        this.host.publish(uri, version, [...validation.diagnostics, ...diagnostics]);
      }
    } catch (error) {
      this.host.log(formatError(`The AsyncAPI parser failed on ${uri}`, error));
    } finally {
      this.parseTook.set(uri, performance.now() - started);
      this.parseMs += performance.now() - started;
      this.parsing.delete(uri);
    }
    const latest = documents.get(uri);
    if (this.parseAgain.delete(uri) && latest !== undefined && latest.version !== version) {
      this.host.validate(latest);
    }
  }
}

/** Parser findings placed between two looks at the clock. */
const FINDINGS_STEP = 50;

function filePathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
