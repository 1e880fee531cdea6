import type { DocumentFormat, ParseCache } from '../../../core/src/document';

/** How long the first parse of a large document (or placing the parser's findings) may hold the event loop. */
export const PRIME_SLICE_MS = 5;

/**
 * The first parse of a large document (YAML in pieces, JSON in steps), spread over turns of the event loop
 * (PRIME_SLICE_MS each) so that requests keep being answered meanwhile.
 */
export async function readInSlices(
  cache: ParseCache,
  text: string,
  format: DocumentFormat,
  nextTurn: () => Promise<void>,
): Promise<void> {
  while (!cache.prime(text, PRIME_SLICE_MS, format)) {
    await nextTurn();
  }
}

/**
 * How many turns of the event loop a slice leaves to requests before the next: vscode-jsonrpc handles one message
 * a turn (a setImmediate each), so a single turn between slices would answer one request per slice and the
 * requests sent during a long step would queue up for many slices.
 */
const TURNS_FOR_REQUESTS = 8;

/** Lets the requests that came during a slice be answered (a turn each, costing microseconds when none came). */
export async function letRequestsThrough(): Promise<void> {
  for (let turn = 0; turn < TURNS_FOR_REQUESTS; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
