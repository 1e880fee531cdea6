/** Reading the lines of a YAML text by their indentation, and reading them again after an edit. */

import { commonEnds } from '../../document/textChange';

/** One line of a YAML text as its indentation tells it, read without a parser (so half-typed lines read too). */
export interface Line {
  readonly text: string;
  /** First column of content; -1 for a blank line, a comment or the content of a block scalar. */
  readonly indent: number;
  /** Columns of the `- ` markers at the start of the line. */
  readonly dashes: readonly number[];
  /** Column where the content after the dashes starts. */
  readonly contentCol: number;
  /** Column of the key (its opening quote when quoted), -1 when the line has no `key:`. */
  readonly keyCol: number;
  readonly key: string;
  /** Column just after the key (after its closing quote). */
  readonly keyEnd: number;
  /** Column of the `:` after the key. */
  readonly colonCol: number;
  /** Column where the value starts (after the `:` and spaces); for a line without a key, `contentCol`. */
  readonly valueCol: number;
  /** The value (or the whole content of a line without a key), without a trailing comment. */
  readonly value: string;
}

export const BLOCK_SCALAR = /^[|>][-+0-9]*$/;
export const FLOW_START = /^[{[]/;

export interface ReadLines {
  readonly lines: Line[];
  readonly starts: Float64Array;
}

export function readLines(text: string, from: number, to: number): ReadLines {
  const lines: Line[] = [];
  const starts: number[] = [];
  let start = from;
  let blockIndent = -1;
  while (start <= to) {
    let end = text.indexOf('\n', start);
    if (end === -1 || end > to) {
      end = to;
    }
    const lineText = text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    let line = readLine(lineText);
    if (blockIndent >= 0) {
      if (line.indent === -1 || line.indent > blockIndent || lineText.trim() === '') {
        line = makeLine(lineText, -1, NO_DASHES, line.contentCol, undefined, line.valueCol, line.value);
      } else {
        blockIndent = -1;
      }
    }
    const head = line.value.charCodeAt(0);
    if (
      blockIndent === -1 &&
      line.indent >= 0 &&
      (head === 124 || head === 62) &&
      BLOCK_SCALAR.test(line.value)
    ) {
      blockIndent = line.indent;
    }
    lines.push(line);
    starts.push(start);
    start = end + 1;
  }
  return { lines, starts: Float64Array.from(starts) };
}

/**
 * The lines of an edited text from those of its previous version: the lines the edit touched are read again,
 * the others are kept (those after it move). Undefined (read everything) when the edit is near a block scalar,
 * whose extent depends on the lines around it.
 */
export function reuseLines(
  oldText: string,
  old: readonly Line[],
  oldStarts: Float64Array,
  text: string,
): ReadLines | undefined {
  const { prefix, suffix } = commonEnds(oldText, text);
  const low = lineIndexAt(oldStarts, prefix);
  const high = lineIndexAt(oldStarts, oldText.length - suffix);
  if (nearBlock(old, low, high)) {
    return undefined;
  }
  const delta = text.length - oldText.length;
  const highEnd = (oldStarts[high + 1] ?? oldText.length + 1) - 1;
  const read = readLines(text, oldStarts[low] ?? 0, highEnd + delta);
  if (read.lines.some(isBlockish)) {
    return undefined;
  }
  const moved = old.length - high - 1;
  const starts = new Float64Array(low + read.lines.length + moved);
  starts.set(oldStarts.subarray(0, low), 0);
  starts.set(read.starts, low);
  for (let i = 0; i < moved; i++) {
    starts[low + read.lines.length + i] = (oldStarts[high + 1 + i] ?? 0) + delta;
  }
  return { lines: [...old.slice(0, low), ...read.lines, ...old.slice(high + 1)], starts };
}

/** The line an offset is on, given the offsets where lines start (ascending): a binary search. */
export function lineIndexAt(starts: ArrayLike<number>, offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] ?? 0) <= offset) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return low;
}

/** A block scalar header or content among lines low..high or the nearest written lines around them. */
function nearBlock(lines: readonly Line[], low: number, high: number): boolean {
  for (let i = low; i <= high; i++) {
    if (isBlockish(lines[i])) {
      return true;
    }
  }
  const written = (line: Line | undefined): boolean => line !== undefined && line.text.trim() !== '';
  let before = low - 1;
  while (before >= 0 && !written(lines[before])) {
    before--;
  }
  let after = high + 1;
  while (after < lines.length && !written(lines[after])) {
    after++;
  }
  return isBlockish(lines[before]) || isBlockish(lines[after]);
}

function isBlockish(line: Line | undefined): boolean {
  if (line === undefined) {
    return false;
  }
  const content = line.indent === -1 && line.text.trim() !== '' && !line.text.trimStart().startsWith('#');
  return content || BLOCK_SCALAR.test(line.value);
}

const NO_DASHES: readonly number[] = [];

/** Every line object is built here, so that all have one shape (the hot loops stay fast). */
function makeLine(
  text: string,
  indent: number,
  dashes: readonly number[],
  contentCol: number,
  key: { name: string; end: number; colon: number } | undefined,
  valueCol: number,
  value: string,
): Line {
  return {
    text,
    indent,
    dashes,
    contentCol,
    keyCol: key === undefined ? -1 : contentCol,
    key: key?.name ?? '',
    keyEnd: key?.end ?? -1,
    colonCol: key?.colon ?? -1,
    valueCol,
    value,
  };
}

function readLine(text: string): Line {
  let i = 0;
  while (text.charCodeAt(i) === 32) {
    i++;
  }
  const first = text.charCodeAt(i);
  const marker = i === 0 && (first === 45 || first === 46) && /^(?:---|\.\.\.)(?:\s|$)/.test(text);
  if (i >= text.length || first === 35 || marker) {
    return makeLine(text, -1, NO_DASHES, i, undefined, i, '');
  }
  const indent = i;
  let dashes = NO_DASHES;
  while (text.charCodeAt(i) === 45 && (i + 1 === text.length || text.charCodeAt(i + 1) === 32)) {
    dashes = dashes === NO_DASHES ? [i] : [...dashes, i];
    i++;
    while (text.charCodeAt(i) === 32) {
      i++;
    }
  }
  const contentCol = i;
  const key = readKey(text, i);
  const valueFrom = key === undefined ? contentCol : skipSpaces(text, key.colon + 1);
  const rest = text.slice(valueFrom);
  const value = (rest.includes('#') ? stripComment(rest) : rest).trimEnd();
  return makeLine(text, indent, dashes, contentCol, key, valueFrom, value);
}

function readKey(text: string, at: number): { name: string; end: number; colon: number } | undefined {
  const first = text.charAt(at);
  if (first === '"' || first === "'") {
    const close = text.indexOf(first, at + 1);
    const colon = close === -1 ? -1 : skipSpaces(text, close + 1);
    if (close !== -1 && text.charAt(colon) === ':' && /^(?:\s|$)/.test(text.charAt(colon + 1))) {
      return { name: text.slice(at + 1, close), end: close + 1, colon };
    }
    return undefined;
  }
  if ('{[|>&*!%@`#'.includes(first) || at >= text.length) {
    return undefined;
  }
  const colonAt = text.indexOf(':', at);
  if (colonAt === -1) {
    return undefined;
  }
  for (let j = colonAt; j < text.length; j++) {
    const char = text.charCodeAt(j);
    if (char === 35 && text.charCodeAt(j - 1) === 32 && text.lastIndexOf(' #', j) >= at) {
      return undefined;
    }
    if (char === 58 && (j + 1 === text.length || text.charCodeAt(j + 1) === 32)) {
      if (text.lastIndexOf(' #', j) >= at) {
        return undefined;
      }
      const name = text.slice(at, j).trimEnd();
      return { name, end: at + name.length, colon: j };
    }
  }
  return undefined;
}

function skipSpaces(text: string, at: number): number {
  let i = at;
  while (text.charAt(i) === ' ' || text.charAt(i) === '\t') {
    i++;
  }
  return i;
}

function stripComment(value: string): string {
  let quote = '';
  for (let i = 0; i < value.length; i++) {
    const char = value.charAt(i);
    if (quote !== '') {
      quote = char === quote ? '' : quote;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (i === 0 || value.charAt(i - 1) === ' ')) {
      return value.slice(0, i);
    }
  }
  return value;
}
