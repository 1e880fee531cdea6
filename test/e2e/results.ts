// Reading the results file the suite writes (see suite/harness.ts) and printing the summary both runners share.
import { readFileSync } from 'node:fs';

import type { ResultsFile, TestResult } from './suite/harness';

/** The results so far, or undefined while the file is missing or not (yet) a complete JSON document. */
export function readResults(file: string): ResultsFile | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  return isResultsFile(parsed) ? parsed : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTestResult(value: unknown): value is TestResult {
  return (
    isRecord(value) &&
    typeof value.name === 'string' &&
    typeof value.ok === 'boolean' &&
    typeof value.ms === 'number' &&
    (value.error === undefined || typeof value.error === 'string')
  );
}

function isResultsFile(value: unknown): value is ResultsFile {
  return (
    isRecord(value) &&
    typeof value.done === 'boolean' &&
    Array.isArray(value.tests) &&
    value.tests.every(isTestResult) &&
    isRecord(value.metrics) &&
    Object.values(value.metrics).every((metric) => typeof metric === 'number') &&
    (value.pending === undefined ||
      (Array.isArray(value.pending) && value.pending.every((n) => typeof n === 'string')))
  );
}

export interface Summary {
  readonly passed: number;
  readonly failed: number;
}

/**
 * Prints one line per test, the metrics and the closing `e2e: N passed, N failed` line. A run that did not finish
 * counts every unfinished test (or, without any results, the run itself) as failed, with `problem` as the reason.
 */
export function printSummary(
  results: ResultsFile | undefined,
  problem: string | undefined,
  print: (line: string) => void,
): Summary {
  let passed = 0;
  let failed = 0;
  for (const test of results?.tests ?? []) {
    if (test.ok) {
      passed++;
      print(`  ok ${test.ms}ms  ${test.name}`);
    } else {
      failed++;
      print(`  FAIL ${test.name}: ${test.error ?? 'failed'}`);
    }
  }
  if (results === undefined || !results.done) {
    const reason = problem ?? 'the run ended before the tests finished';
    const unfinished = results?.pending ?? [];
    if (unfinished.length === 0) {
      failed++;
      print(`  FAIL (e2e run): ${results === undefined ? `no results: ${reason}` : reason}`);
    }
    unfinished.forEach((name, index) => {
      failed++;
      print(`  FAIL ${name}: ${index === 0 ? 'did not finish' : 'did not run'} (${reason})`);
    });
  }
  for (const [name, value] of Object.entries(results?.metrics ?? {})) {
    print(`e2e metric ${name}=${value}`);
  }
  print(`e2e: ${passed} passed, ${failed} failed`);
  return { passed, failed };
}
