// A tiny test runner for the VS Code extension host: a list of named async functions, run in order, each with a
// time limit. Results go to a JSON file (rewritten after every test) that the host-side runner reads.
import { renameSync, writeFileSync } from 'node:fs';

export interface TestCase {
  readonly name: string;
  readonly run: () => Promise<void>;
  /** Overrides the default per-test time limit. */
  readonly timeoutMs?: number;
}

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

/** The shape of the file named by WSAPI_E2E_RESULTS; `pending` lists the tests not finished yet, in order. */
export interface ResultsFile {
  done: boolean;
  tests: TestResult[];
  metrics: Record<string, number>;
  pending: string[];
}

export const DEFAULT_TEST_TIMEOUT_MS = 30_000;

const metrics: Record<string, number> = {};

/** Records a number (a duration in ms, a count) that the host runner prints as `e2e metric name=value`. */
export function recordMetric(name: string, value: number): void {
  metrics[name] = Math.round(value * 1000) / 1000;
}

export interface RunOptions {
  /** Where to write the results; nothing is written when undefined. */
  readonly resultsFile: string | undefined;
  readonly defaultTimeoutMs?: number;
  /** Where progress lines go (the extension host's console by default). */
  readonly log?: (line: string) => void;
}

export async function runTests(tests: readonly TestCase[], options: RunOptions): Promise<ResultsFile> {
  const log = options.log ?? ((line: string) => console.log(line));
  const results: ResultsFile = { done: false, tests: [], metrics, pending: tests.map((test) => test.name) };
  const save = (): void => {
    if (options.resultsFile !== undefined) {
      writeAtomically(options.resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    }
  };
  save();
  for (const test of tests) {
    const started = performance.now();
    let error: string | undefined;
    try {
      await withTimeout(test.run(), test.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_TEST_TIMEOUT_MS);
    } catch (caught) {
      error = describe(caught);
    }
    const ms = Math.round(performance.now() - started);
    results.tests.push(
      error === undefined ? { name: test.name, ok: true, ms } : { name: test.name, ok: false, ms, error },
    );
    results.pending = results.pending.slice(1);
    log(error === undefined ? `e2e: ok ${ms}ms ${test.name}` : `e2e: FAIL ${test.name}: ${error}`);
    save();
  }
  results.done = true;
  save();
  return results;
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    // Assertion messages already say what differed; the stack's first frames say where.
    const frames = (error.stack ?? '')
      .split('\n')
      .filter((line) => line.trimStart().startsWith('at '))
      .slice(0, 3)
      .map((line) => line.trim());
    return [error.message, ...frames].join('\n    ');
  }
  return String(error);
}

/** Writes to a temporary file and renames it, so a reader never sees half a JSON document. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
