import type { Node as JsonNode } from 'jsonc-parser';
import { isMap, isScalar, parseDocument as parseYamlDocument, type Document } from 'yaml';

import type { Problem } from '../problem';
import { yamlLocator, type JsonPath, type Locator, type Span } from './locator';
import type { DocumentFormat } from './documentFormat';
import { reparseJson } from './jsonEdit';
import { JsonSteps, type JsonRead } from './jsonSteps';
import type { ParsedDocument } from './parsedDocument';
import { syntaxProblem, yamlProblem, YAML_OPTIONS } from './syntaxProblems';

/**
 * A large YAML document cut into pieces that parse on their own: each top-level entry, and each entry of a large
 * top-level block mapping (every channel of `channels:`, every kind of `components:`, ...). A one-line edit
 * changes one piece, and only that piece is parsed again; the others come from the previous parse.
 *
 * The cut is only made where YAML guarantees it is exact: at lines indented exactly as a mapping's keys, which
 * no scalar, block scalar or flow collection of the entry above can continue onto. Texts with what a piece
 * cannot see on its own (directives, several documents, a root that is not a block mapping) are not cut.
 */
export interface Piece {
  /** Offset of the piece's first character in the whole text. */
  readonly start: number;
  readonly text: string;
}

export interface TopEntry {
  /**
   * The whole entry (or group of small entries): parsed as one piece when it is small, its value is not a block
   * mapping, or a cut fails.
   */
  readonly whole: Piece;
  /** For a large block mapping cut into its entries: the line with the key, then its entries, cut in turn. */
  readonly header?: Piece;
  readonly children?: readonly TopEntry[];
}

/** What one piece parses to, relative to the piece's own text. */
export interface ParsedPiece {
  /** The piece's entries as key (as text) and plain value, in document order. */
  readonly entries: ReadonlyArray<readonly [string, unknown]>;
  /** Where each entry's key starts in the piece. */
  readonly keyStarts: readonly number[];
  readonly problems: readonly Problem[];
  readonly locator: Locator;
  /** The piece's parse, kept for what else reads the piece (navigation builds its tree from it). */
  readonly document: Document.Parsed;
}

/** The pieces of the text a cache parsed last: its cut, and what each piece parsed to. */
export interface ParsedPieces {
  readonly cut: readonly TopEntry[];
  /** What a piece of the cut parsed to; undefined when it is not a mapping of its own or was not parsed. */
  parsed(piece: Piece): ParsedPiece | undefined;
}

/** An entry bigger than this is cut into its own entries (and those in turn). */
const CUT_ENTRY_CHARS = 4096;

/**
 * Cuts a text into top-level entries (and large ones into their entries), or answers undefined when the text
 * must be parsed whole.
 */
export function cutYaml(text: string): TopEntry[] | undefined {
  const lines = linesOf(text);
  const starts: number[] = [];
  for (const [index, line] of lines.entries()) {
    const first = text.charCodeAt(line.start);
    if (line.start === line.end || isSpace(first) || first === HASH) {
      continue; // blank, indented or a comment: belongs to the entry above
    }
    if (isDash(text, line.start)) {
      if (starts.length === 0) {
        return undefined; // the root is a sequence
      }
      continue; // a sequence written at the key's own indentation: part of the entry above
    }
    if (!startsKey(first) || text.startsWith('---', line.start) || text.startsWith('...', line.start)) {
      return undefined; // directives, document markers, flow or complex roots: parsed whole
    }
    starts.push(index);
  }
  if (starts.length === 0) {
    return undefined;
  }
  return starts.map((first, n): TopEntry => {
    const last = n + 1 < starts.length ? (starts[n + 1] ?? lines.length) : lines.length;
    // The first entry also holds the comments and blank lines above it.
    const from = n === 0 ? 0 : (lines[first]?.start ?? 0);
    const to = last < lines.length ? (lines[last]?.start ?? text.length) : text.length;
    const whole: Piece = { start: from, text: text.slice(from, to) };
    if (to - from < CUT_ENTRY_CHARS || from !== lines[first]?.start) {
      return { whole };
    }
    return cutEntry(text, lines, first, last, whole);
  });
}

function cutEntry(text: string, lines: readonly Line[], first: number, last: number, whole: Piece): TopEntry {
  const keyLine = lines[first];
  if (keyLine === undefined || !/:[ \t]*(?:#.*)?$/.test(text.slice(keyLine.start, keyLine.end))) {
    return { whole }; // the value starts on the key's line: a scalar, flow collection, anchor, tag, block scalar
  }
  let indent = -1;
  const childStarts: number[] = [];
  for (let index = first + 1; index < last; index++) {
    const line = lines[index];
    if (line === undefined) {
      break;
    }
    const depth = indentOf(text, line);
    if (depth === undefined) {
      continue; // blank or comment
    }
    if (indent === -1) {
      indent = depth;
      if (isDash(text, line.start + depth) || text.charCodeAt(line.start + depth) === QUESTION) {
        return { whole }; // a sequence, or complex keys
      }
    }
    if (depth < indent) {
      return { whole }; // not a plain block mapping: let the parser say what it is
    }
    if (depth === indent) {
      const code = text.charCodeAt(line.start + depth);
      if (isDash(text, line.start + depth) || code === QUESTION) {
        return { whole };
      }
      childStarts.push(index);
    }
  }
  if (childStarts.length < 2) {
    return { whole };
  }
  const firstChild = childStarts[0] ?? last;
  const header: Piece = {
    start: keyLine.start,
    text: text.slice(keyLine.start, lines[firstChild]?.start ?? text.length),
  };
  // Small entries are grouped into pieces of a few entries: a piece ends after an entry whose key line hashes
  // to 0 mod GROUP, so the grouping depends only on key lines and an edit inside an entry moves no boundary.
  // A large entry is a piece of its own, cut in turn.
  const lineStart = (index: number): number =>
    index < lines.length ? (lines[index]?.start ?? text.length) : text.length;
  const children: TopEntry[] = [];
  let groupStart: number | undefined;
  const closeGroup = (end: number): void => {
    if (groupStart !== undefined) {
      const start = lineStart(groupStart);
      children.push({ whole: { start, text: text.slice(start, lineStart(end)) } });
      groupStart = undefined;
    }
  };
  for (const [n, index] of childStarts.entries()) {
    const next = childStarts[n + 1] ?? last;
    const start = lineStart(index);
    const end = lineStart(next);
    if (end - start >= CUT_ENTRY_CHARS) {
      closeGroup(index);
      children.push(cutEntry(text, lines, index, next, { start, text: text.slice(start, end) }));
      continue;
    }
    groupStart ??= index;
    const line = lines[index];
    if (next === last || (line !== undefined && hashOf(text, line) % GROUP === 0)) {
      closeGroup(next);
    }
  }
  closeGroup(last);
  return { whole, header, children };
}

/** On average, how many entries of a cut mapping make one piece. */
const GROUP = 8;

function hashOf(text: string, line: Line): number {
  let hash = 0;
  for (let offset = line.start; offset < line.end; offset++) {
    hash = (hash * 31 + text.charCodeAt(offset)) | 0;
  }
  return hash >>> 0;
}

interface Line {
  readonly start: number;
  /** Offset of the line break (or the end of the text). */
  readonly end: number;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const trimmedEnd = end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
    lines.push({ start, end: trimmedEnd });
    if (newline === -1) {
      break;
    }
    start = newline + 1;
  }
  return lines;
}

/** The indentation of a line that holds content; undefined for blank and comment-only lines. */
function indentOf(text: string, line: Line): number | undefined {
  let offset = line.start;
  while (offset < line.end && text.charCodeAt(offset) === SPACE) {
    offset++;
  }
  if (offset === line.end || text.charCodeAt(offset) === HASH) {
    return undefined;
  }
  // A tab in the indentation is the parser's to report: treat the line as not indented as expected.
  return text.charCodeAt(offset) === TAB ? -1 : offset - line.start;
}

function isDash(text: string, offset: number): boolean {
  const next = text.charCodeAt(offset + 1);
  return (
    text.charCodeAt(offset) === DASH && (Number.isNaN(next) || next === SPACE || next === LF || next === CR)
  );
}

/** Characters a plain or quoted key may start with at the start of a line. */
function startsKey(code: number): boolean {
  return !'-?:,[]{}#&*!|>%@`'.includes(String.fromCharCode(code));
}

function isSpace(code: number): boolean {
  return code === SPACE || code === TAB;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const DASH = 45;
const QUESTION = 63;

/** Shifts a piece's problem into the whole text's offsets. */
function shiftProblem(problem: Problem, by: number): Problem {
  return { ...problem, start: problem.start + by, end: problem.end + by };
}

function shiftSpan(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}

/** The locator of a document assembled from pieces: each path is answered by the piece that holds it. */
function piecesLocator(top: ReadonlyMap<string, LocatedEntry>, rootSpan: Span): Locator {
  return {
    locate(path: JsonPath, target): Span {
      let level = top;
      let keySpan = rootSpan;
      for (const [depth, segment] of path.entries()) {
        const entry = level.get(String(segment));
        if (entry === undefined) {
          return keySpan; // as a parse of the whole: a missing member is reported on what should hold it
        }
        if (entry.kind === 'whole') {
          return shiftSpan(entry.parsed.locator.locate(path.slice(depth), target), entry.start);
        }
        keySpan = shiftSpan(entry.header.locator.locate([segment], 'key'), entry.headerStart);
        if (depth === path.length - 1) {
          return target === 'key' ? keySpan : entry.valueSpan;
        }
        level = entry.children;
      }
      return rootSpan;
    },
  };
}

type LocatedEntry =
  | { readonly kind: 'whole'; readonly start: number; readonly parsed: ParsedPiece }
  | {
      readonly kind: 'cut';
      readonly headerStart: number;
      readonly header: ParsedPiece;
      readonly valueSpan: Span;
      readonly children: ReadonlyMap<string, LocatedEntry>;
    };

/**
 * What one open document's parses keep for the next: the pieces of a large YAML text, reused by the parse of its
 * next version; and a large JSON text's first read, made in steps (`prime`).
 */
export class ParseCache {
  private pieces = new Map<string, ParsedPiece | undefined>();
  /** The last parse in pieces: how many pieces the text had and how many of them had to be parsed. */
  lastParse = { pieces: 0, parsed: 0 };
  /** The text of the last parse, when it was parsed in pieces, and its cut. */
  private last: { readonly text: string; readonly cut: readonly TopEntry[] } | undefined;

  private primed:
    { readonly text: string; readonly cut: TopEntry[] | undefined; readonly queue: Piece[] } | undefined;

  /** A large JSON text being read in steps, and the read once it is done. */
  private jsonSteps: JsonSteps | undefined;
  private jsonRead: { readonly text: string; readonly read: JsonRead } | undefined;

  /**
   * Texts shorter than `minChars` are parsed whole. From about 5 kB, a one-line edit parses faster in pieces (a
   * 26 kB document: 0.9 ms against 8.5 whole), and a first parse in pieces can be spread over slices.
   */
  constructor(private readonly minChars = 8 * 1024) {}

  /** True when `text` is one this cache parses in pieces (then `prime` can spread the first parse out). */
  cuts(text: string): boolean {
    return text.length >= this.minChars;
  }

  /**
   * Parses ahead, for about `budgetMs`, pieces of `text` the cache does not hold yet (JSON: reads on), so that a
   * first parse of a large document can be spread over several turns of the event loop; true when it is done.
   */
  prime(text: string, budgetMs: number, format: DocumentFormat = 'yaml'): boolean {
    if (!this.cuts(text)) {
      return true;
    }
    if (format === 'json') {
      return this.primeJson(text, budgetMs);
    }
    if (this.primed?.text !== text) {
      const cut = cutYaml(text);
      this.primed = { text, cut, queue: cut === undefined ? [] : cut.flatMap(piecesOf) };
      // Cutting a large text is a slice of its own.
      return this.primed.queue.length === 0;
    }
    const { queue } = this.primed;
    const deadline = performance.now() + budgetMs;
    for (let piece = queue.pop(); piece !== undefined; piece = queue.pop()) {
      if (!this.pieces.has(piece.text)) {
        this.pieces.set(piece.text, parsePiece(piece.text));
      }
      if (performance.now() >= deadline) {
        break;
      }
    }
    return queue.length === 0;
  }

  /** The read of a JSON text that `prime` finished, when it was strict JSON. */
  jsonTree(text: string): JsonRead | undefined {
    return this.jsonRead?.text === text ? this.jsonRead.read : undefined;
  }

  /** The last large strict JSON text read, with its tree: an edit of it is read from it (see reparseJson). */
  private lastJson: { readonly text: string; readonly tree: JsonNode } | undefined;

  /** Keeps the tree of a strict JSON text just read, when the text is large. */
  readJson(text: string, tree: JsonNode): void {
    this.lastJson = this.cuts(text) ? { text, tree } : undefined;
  }

  /**
   * The tree of `text` made from the last strict JSON text read, when `text` is an edit of it that reads cleanly;
   * it is then the last one read.
   */
  editedJson(text: string): JsonNode | undefined {
    const last = this.lastJson;
    if (last === undefined || !this.cuts(text) || last.text === text) {
      return last?.text === text ? last.tree : undefined;
    }
    const tree = reparseJson(last.text, last.tree, text);
    if (tree !== undefined) {
      this.lastJson = { text, tree };
    }
    return tree;
  }

  private primeJson(text: string, budgetMs: number): boolean {
    if (this.jsonRead?.text === text) {
      return true;
    }
    if (this.jsonSteps?.text !== text) {
      this.jsonSteps = new JsonSteps(text);
    }
    const outcome = this.jsonSteps.step(budgetMs);
    if (outcome === undefined) {
      return false;
    }
    this.jsonSteps = undefined;
    this.jsonRead = outcome === 'failed' ? undefined : { text, read: outcome };
    if (outcome !== 'failed' && outcome.tree !== undefined) {
      this.readJson(text, outcome.tree);
    }
    return true;
  }

  /** The parse in pieces, or undefined when the text must be parsed whole. */
  parse(text: string): ParsedDocument | undefined {
    if (!this.cuts(text)) {
      this.last = undefined;
      return undefined;
    }
    // The text that was primed is cut already.
    const cut = this.primed?.text === text ? this.primed.cut : cutYaml(text);
    this.primed = undefined;
    if (cut === undefined) {
      this.last = undefined;
      return undefined;
    }
    const previous = this.pieces;
    const next = new Map<string, ParsedPiece | undefined>();
    const stats = { pieces: 0, parsed: 0 };
    const parse = (piece: Piece): ParsedPiece | undefined => {
      if (next.has(piece.text)) {
        return next.get(piece.text);
      }
      const reused = previous.has(piece.text);
      const parsed = reused ? previous.get(piece.text) : parsePiece(piece.text);
      next.set(piece.text, parsed);
      stats.pieces++;
      stats.parsed += reused ? 0 : 1;
      return parsed;
    };
    const assembled = assemble(text, cut, parse);
    this.pieces = next;
    this.lastParse = stats;
    this.last = assembled === undefined ? undefined : { text, cut };
    return assembled;
  }

  /** The pieces of `text` when it is the text this cache parsed last, in pieces; else undefined. */
  piecesOf(text: string): ParsedPieces | undefined {
    const last = this.last;
    if (last?.text !== text) {
      return undefined;
    }
    const pieces = this.pieces;
    return { cut: last.cut, parsed: (piece) => pieces.get(piece.text) };
  }
}

/** The pieces a parse of a cut text reads: a cut entry's key line and its entries, or the whole entry. */
function piecesOf(node: TopEntry): Piece[] {
  return node.header !== undefined && node.children !== undefined
    ? [node.header, ...node.children.flatMap(piecesOf)]
    : [node.whole];
}

/** One piece parsed on its own; undefined when it is not a mapping of its own (then its entry is parsed whole). */
function parsePiece(text: string): ParsedPiece | undefined {
  const document = parseYamlDocument(text, YAML_OPTIONS);
  if (!isMap(document.contents)) {
    return undefined;
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 1000 });
  } catch {
    return undefined; // an alias to an anchor in another piece, or an alias flood: the whole text decides
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const entries: Array<readonly [string, unknown]> = [];
  const keyStarts: number[] = [];
  for (const pair of document.contents.items) {
    if (!isScalar(pair.key)) {
      return undefined; // complex keys
    }
    const key = String(pair.key.value);
    // A duplicate inside the piece is already the parser's error: its value is the last one, as in toJS.
    if (!entries.some(([known]) => known === key)) {
      entries.push([key, record[key]]);
      keyStarts.push(pair.key.range?.[0] ?? 0);
    }
  }
  return {
    entries,
    keyStarts,
    problems: [
      ...document.errors.map((error) => yamlProblem(error, 'error', text)),
      ...document.warnings.map((warning) => yamlProblem(warning, 'warning', text)),
    ],
    locator: yamlLocator(document, text),
    document,
  };
}

/** The entries of one mapping read from its pieces, with their problems. */
interface Level {
  readonly value: Record<string, unknown>;
  readonly located: Map<string, LocatedEntry>;
  readonly errors: Problem[];
  readonly warnings: Problem[];
  /** Where the mapping's first key starts, and where its last entry ends. */
  readonly start: number;
  readonly end: number;
}

/**
 * Reads the entries of one mapping from its pieces; undefined when a piece does not read as the cut expects
 * (then the caller parses the enclosing entry whole). As in a parse of the whole, a duplicate key is an error
 * at the second key, its last value wins and ranges are those of the first.
 */
function readLevel(
  text: string,
  nodes: readonly TopEntry[],
  parse: (piece: Piece) => ParsedPiece | undefined,
): Level | undefined {
  const level: Level & { start: number; end: number } = {
    value: {},
    located: new Map(),
    errors: [],
    warnings: [],
    start: -1,
    end: 0,
  };
  const take = (problems: readonly Problem[], by: number): void => {
    for (const problem of problems) {
      (problem.severity === 'error' ? level.errors : level.warnings).push(shiftProblem(problem, by));
    }
  };
  const put = (
    key: string,
    value: unknown,
    keyStart: number,
    located: LocatedEntry,
    valueEnd: number,
  ): void => {
    if (level.start === -1) {
      level.start = keyStart;
    }
    level.end = valueEnd;
    if (Object.hasOwn(level.value, key)) {
      level.errors.push(
        syntaxProblem('yaml-duplicate-key', 'Map keys must be unique.', keyStart, keyStart + 1),
      );
    } else {
      level.located.set(key, located);
    }
    level.value[key] = value;
  };
  for (const node of nodes) {
    const cut = readCut(text, node, parse);
    if (cut !== undefined) {
      take(cut.header.problems, cut.headerStart);
      level.errors.push(...cut.children.errors);
      level.warnings.push(...cut.children.warnings);
      const valueSpan = trimmedSpan(text, { start: cut.children.start, end: cut.children.end });
      const located: LocatedEntry = {
        kind: 'cut',
        headerStart: cut.headerStart,
        header: cut.header,
        valueSpan,
        children: cut.children.located,
      };
      put(
        cut.key,
        cut.children.value,
        cut.headerStart + (cut.header.keyStarts[0] ?? 0),
        located,
        valueSpan.end,
      );
      continue;
    }
    const whole = parse(node.whole);
    if (whole === undefined) {
      return undefined;
    }
    const start = node.whole.start;
    take(whole.problems, start);
    for (const [index, [key, value]] of whole.entries.entries()) {
      const valueEnd = start + whole.locator.locate([key], 'value').end;
      put(
        key,
        value,
        start + (whole.keyStarts[index] ?? 0),
        { kind: 'whole', start, parsed: whole },
        valueEnd,
      );
    }
  }
  return level;
}

/** A cut entry read from its pieces: its key line and its entries; undefined when a piece reads otherwise. */
function readCut(
  text: string,
  node: TopEntry,
  parse: (piece: Piece) => ParsedPiece | undefined,
): { key: string; headerStart: number; header: ParsedPiece; children: Level } | undefined {
  if (node.header === undefined || node.children === undefined) {
    return undefined;
  }
  const header = parse(node.header);
  const [only, ...more] = header?.entries ?? [];
  if (header === undefined || only === undefined || more.length > 0 || only[1] !== null) {
    return undefined;
  }
  const children = readLevel(text, node.children, parse);
  if (children === undefined || children.start === -1) {
    return undefined;
  }
  return { key: only[0], headerStart: node.header.start, header, children };
}

/** The document from its pieces; undefined when a piece is not what the cut expected. */
function assemble(
  text: string,
  cut: readonly TopEntry[],
  parse: (piece: Piece) => ParsedPiece | undefined,
): ParsedDocument | undefined {
  const level = readLevel(text, cut, parse);
  if (level === undefined) {
    return undefined;
  }
  return {
    format: 'yaml',
    root: level.value,
    problems: [...level.errors, ...level.warnings],
    locator: piecesLocator(
      level.located,
      trimmedSpan(text, { start: Math.max(level.start, 0), end: text.length }),
    ),
  };
}

function trimmedSpan(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(text.charAt(end - 1))) {
    end--;
  }
  return { start: span.start, end };
}
