/** What an edit did to a text: `before`'s characters [start, end) became `newText`; the rest is the same. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** The part of `before` an edit replaced and what it became: the text between their common start and end. */
export function changedSpan(before: string, after: string): TextChange {
  const { prefix, suffix } = commonEnds(before, after);
  return { start: prefix, end: before.length - suffix, newText: after.slice(prefix, after.length - suffix) };
}

const CHUNK = 4096;

/**
 * The lengths of the common start and end of two texts (not overlapping), compared a chunk at a time (natively,
 * for texts of a megabyte) then by character.
 */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const limit = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix + CHUNK <= limit && a.slice(prefix, prefix + CHUNK) === b.slice(prefix, prefix + CHUNK)) {
    prefix += CHUNK;
  }
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) {
    prefix++;
  }
  let suffix = 0;
  const room = limit - prefix;
  while (
    suffix + CHUNK <= room &&
    a.slice(a.length - suffix - CHUNK, a.length - suffix) ===
      b.slice(b.length - suffix - CHUNK, b.length - suffix)
  ) {
    suffix += CHUNK;
  }
  while (suffix < room && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) {
    suffix++;
  }
  return { prefix, suffix };
}
