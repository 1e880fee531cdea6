import { Worker } from 'node:worker_threads';

import { generateDocument, WARM_UP_LINES } from '../../../core/src/document/sampleDocument';
import type { OfficialParser, ParseRequest, ParseResponse, ParserFinding } from '../officialParser/protocol';

/**
 * The warm-up, in order: the versions WSO2 reads (2.x, 3.0) get their specification schemas compiled, then
 * documents of a few thousand lines run the parser's code hot (a first large parse is otherwise 1.4 times
 * slower than the next ones).
 */
const WARM_UP_DOCUMENTS: readonly (() => string)[] = [
  () => 'asyncapi: 2.6.0\ninfo: {title: warm-up, version: "1"}\nchannels: {}\n',
  () => 'asyncapi: 3.0.0\ninfo: {title: warm-up, version: "1"}\n',
  () => generateDocument('2.6.0', WARM_UP_LINES),
  () => generateDocument('3.0.0', WARM_UP_LINES),
];

interface Pending {
  resolve(findings: readonly ParserFinding[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The official parser in a worker thread. A parse that takes longer than `timeoutMs` (a pathological
 * document) ends the worker; the next parse starts a fresh one. The server stays responsive throughout.
 */
export class OfficialParserWorker implements OfficialParser {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly workerScript: string,
    private readonly timeoutMs = 20_000,
  ) {}

  parse(text: string, source: string | undefined): Promise<readonly ParserFinding[]> {
    this.documentParses++;
    return this.send(text, source);
  }

  private send(text: string, source: string | undefined): Promise<readonly ParserFinding[]> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`The AsyncAPI parser took more than ${this.timeoutMs} ms and was stopped.`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const request: ParseRequest = { id, text, source };
      worker.ref(); // keep the process alive while a parse is pending, not while idle
      worker.postMessage(request);
    });
  }

  warm = false;

  /** Parses the warm-up documents one by one; a document's parse that comes meanwhile ends it. */
  warmUp(): void {
    void (async () => {
      for (const document of WARM_UP_DOCUMENTS) {
        if (this.documentParses > 0) {
          break; // a document came: it goes first, and warms the parser too
        }
        await this.send(document(), undefined).catch(() => undefined);
      }
      this.warm = true;
    })();
  }

  private documentParses = 0;

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.fail(new Error('The AsyncAPI parser was stopped.'));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker !== undefined) {
      return this.worker;
    }
    const worker = new Worker(this.workerScript);
    worker.unref();
    worker.on('message', (response: ParseResponse) => this.settle(response));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.fail(new Error(`The AsyncAPI parser worker exited with code ${code}.`));
      }
    });
    this.worker = worker;
    return worker;
  }

  private settle(response: ParseResponse): void {
    const pending = this.pending.get(response.id);
    if (pending === undefined) {
      return;
    }
    this.pending.delete(response.id);
    clearTimeout(pending.timer);
    if (this.pending.size === 0) {
      this.worker?.unref();
    }
    if ('error' in response) {
      pending.reject(new Error(response.error));
    } else {
      pending.resolve(response.findings);
    }
  }

  /** Rejects every pending parse and drops the worker, so that the next parse starts a fresh one. */
  private fail(error: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
  }
}
