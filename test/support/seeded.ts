// Seeded random sources and edits for the tests that try many texts: a failure can be replayed from its seed.

/** mulberry32: numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A linear congruential source of whole numbers below `below`. */
export function seededBelow(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state % below;
  };
}

/** One seeded one-line edit: delete a line, insert one of `inserts` into it, duplicate a line, or unindent it. */
export function editOneLine(
  text: string,
  next: (below: number) => number,
  inserts: readonly string[],
): string {
  const lines = text.split('\n');
  const at = next(lines.length);
  const line = lines[at] ?? '';
  const cutAt = next(line.length + 1);
  const operation = next(4);
  if (operation === 0) {
    lines.splice(at, 1);
  } else if (operation === 1) {
    lines[at] = line.slice(0, cutAt) + (inserts[next(inserts.length)] ?? '') + line.slice(cutAt);
  } else if (operation === 2) {
    lines.splice(at, 0, lines[next(lines.length)] ?? '');
  } else {
    lines[at] = line.replace(/^ {1,2}/, '');
  }
  return lines.join('\n');
}
