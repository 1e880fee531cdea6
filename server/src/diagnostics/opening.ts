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
