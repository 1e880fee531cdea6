import type { Node as JsonNode } from 'jsonc-parser';
import { isMap, isScalar, parseDocument as parseYamlDocument, type Document } from 'yaml';

import type { Problem } from '../problem';
import { yamlLocator, type JsonPath, type Locator, type Span } from './locator';
import type { DocumentFormat } from './documentFormat';
import { reparseJson } from './jsonEdit';
import { JsonSteps, type JsonRead } from './jsonSteps';
import type { ParsedDocument } from './parsedDocument';
import { syntaxProblem, yamlProblem, YAML_OPTIONS } from './syntaxProblems';
import { cutYaml, recutYaml, type Piece, type TopEntry } from './yamlCut';

export type { Piece, TopEntry } from './yamlCut';

/** What one piece parses to, relative to the piece's own text. */
export interface ParsedPiece {
  /** The piece's entries as key (as text) and plain value, in document order. */
  readonly entries: ReadonlyArray<readonly [string, unknown]>;
  /** Where each entry's key starts in the piece. */
  readonly keyStarts: readonly number[];
  /** Where each entry's value ends in the piece (as the locator says). */
  readonly valueEnds: readonly number[];
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
      let base = 0;
      let keySpan = rootSpan;
      for (const [depth, segment] of path.entries()) {
        const entry = level.get(String(segment));
        if (entry === undefined) {
          return keySpan; // as a parse of the whole: a missing member is reported on what should hold it
        }
        if (entry.kind === 'whole') {
          return shiftSpan(entry.parsed.locator.locate(path.slice(depth), target), base + entry.start);
        }
        keySpan = shiftSpan(entry.header.locator.locate([segment], 'key'), base + entry.headerStart);
        if (depth === path.length - 1) {
          return target === 'key' ? keySpan : shiftSpan(entry.valueSpan, base);
        }
        base += entry.childrenBase;
        level = entry.children;
      }
      return rootSpan;
    },
  };
}

/**
 * Where a mapping's entry is read from. Offsets count from the start of the cut entry that holds the mapping (from
 * 0 at the top), so that the mapping of an unchanged entry is kept as it is however far an edit moves it.
 */
type LocatedEntry =
  | { readonly kind: 'whole'; readonly start: number; readonly parsed: ParsedPiece }
  | {
      readonly kind: 'cut';
      readonly headerStart: number;
      readonly header: ParsedPiece;
      readonly valueSpan: Span;
      /** Where the offsets of `children` count from. */
      readonly childrenBase: number;
      readonly children: ReadonlyMap<string, LocatedEntry>;
    };

/**
 * What one open document's parses keep for the next: the pieces of a large YAML text, reused by the parse of its
 * next version; and a large JSON text's first read, made in steps (`prime`).
 */
export class ParseCache {
  private pieces = new Map<string, ParsedPiece | undefined>();
  /** The mapping of each cut entry, read from its pieces, by the entry's text. */
  private levels = new Map<string, Level>();
  /** The last parse in pieces: how many pieces the text had and how many of them had to be parsed. */
  lastParse = { pieces: 0, parsed: 0 };
  /** The text of the last parse, when it was parsed in pieces, and its cut. */
  private last: { readonly text: string; readonly cut: readonly TopEntry[] } | undefined;
  /** The last text cut, and its cut: the next text's is made from it (only the edited entries are cut again). */
  private lastCut: { readonly text: string; readonly cut: readonly TopEntry[] } | undefined;

  private primed:
    | { readonly text: string; readonly cut: readonly TopEntry[] | undefined; readonly queue: Piece[] }
    | undefined;

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
      const cut = this.cutOf(text);
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
    const cut = this.primed?.text === text ? this.primed.cut : this.cutOf(text);
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
    const previousLevels = this.levels;
    const levels = new Map<string, Level>();
    const children = (node: TopEntry, read: () => Level | undefined): Level | undefined => {
      const known = levels.get(node.whole.text) ?? previousLevels.get(node.whole.text);
      if (known === undefined) {
        const level = read();
        if (level !== undefined) {
          levels.set(node.whole.text, level);
        }
        return level;
      }
      // Its pieces are still this text's: kept for the next parse and for what reads them.
      for (const piece of (node.children ?? []).flatMap(piecesOf)) {
        parse(piece);
      }
      levels.set(node.whole.text, known);
      return known;
    };
    const assembled = assemble(text, cut, { parse, children });
    this.pieces = next;
    this.levels = levels;
    this.lastParse = stats;
    this.last = assembled === undefined ? undefined : { text, cut };
    return assembled;
  }

  /** The cut of `text`, made from the last one when there is one. */
  private cutOf(text: string): readonly TopEntry[] | undefined {
    const last = this.lastCut;
    const cut = last === undefined ? cutYaml(text) : recutYaml(last.text, last.cut, text);
    this.lastCut = cut === undefined ? undefined : { text, cut };
    return cut;
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
  const locator = yamlLocator(document, text);
  const entries: Array<readonly [string, unknown]> = [];
  const keyStarts: number[] = [];
  const valueEnds: number[] = [];
  for (const pair of document.contents.items) {
    if (!isScalar(pair.key)) {
      return undefined; // complex keys
    }
    const key = String(pair.key.value);
    // A duplicate inside the piece is already the parser's error: its value is the last one, as in toJS.
    if (!entries.some(([known]) => known === key)) {
      entries.push([key, record[key]]);
      keyStarts.push(pair.key.range?.[0] ?? 0);
      valueEnds.push(locator.locate([key], 'value').end);
    }
  }
  return {
    entries,
    keyStarts,
    valueEnds,
    problems: [
      ...document.errors.map((error) => yamlProblem(error, 'error', text)),
      ...document.warnings.map((warning) => yamlProblem(warning, 'warning', text)),
    ],
    locator,
    document,
  };
}

/**
 * The entries of one mapping read from its pieces, with their problems; offsets count from the start of the cut
 * entry that holds the mapping (0 at the top).
 */
interface Level {
  readonly value: Record<string, unknown>;
  readonly located: Map<string, LocatedEntry>;
  readonly errors: Problem[];
  readonly warnings: Problem[];
  /** Where the mapping's first key starts (-1 when it has none), and where its last entry ends. */
  readonly start: number;
  readonly end: number;
}

/** How a parse reads pieces: each piece parsed (or reused), and a cut entry's mapping read (or reused). */
interface Reading {
  readonly parse: (piece: Piece) => ParsedPiece | undefined;
  /** The mapping of a cut entry: `read` reads it from its pieces, unless it is known from its text. */
  readonly children: (node: TopEntry, read: () => Level | undefined) => Level | undefined;
}

/**
 * Reads the entries of one mapping from its pieces, counting offsets from `base`; undefined when a piece does not
 * read as the cut expects (then the caller parses the enclosing entry whole). As in a parse of the whole, a
 * duplicate key is an error at the second key, its last value wins and ranges are those of the first.
 */
function readLevel(
  text: string,
  nodes: readonly TopEntry[],
  reading: Reading,
  base: number,
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
    const cut = readCut(text, node, reading);
    if (cut !== undefined) {
      const headerStart = cut.headerStart - base;
      const childrenBase = cut.childrenBase - base;
      take(cut.header.problems, headerStart);
      take(cut.children.errors, childrenBase);
      take(cut.children.warnings, childrenBase);
      const valueSpan = shiftSpan(
        trimmedSpan(text, {
          start: cut.childrenBase + cut.children.start,
          end: cut.childrenBase + cut.children.end,
        }),
        -base,
      );
      const located: LocatedEntry = {
        kind: 'cut',
        headerStart,
        header: cut.header,
        valueSpan,
        childrenBase,
        children: cut.children.located,
      };
      put(cut.key, cut.children.value, headerStart + (cut.header.keyStarts[0] ?? 0), located, valueSpan.end);
      continue;
    }
    const whole = reading.parse(node.whole);
    if (whole === undefined) {
      return undefined;
    }
    const start = node.whole.start - base;
    take(whole.problems, start);
    const located: LocatedEntry = { kind: 'whole', start, parsed: whole };
    for (const [index, [key, value]] of whole.entries.entries()) {
      put(key, value, start + (whole.keyStarts[index] ?? 0), located, start + (whole.valueEnds[index] ?? 0));
    }
  }
  return level;
}

/** A cut entry read from its pieces: its key line and its entries; undefined when a piece reads otherwise. */
function readCut(
  text: string,
  node: TopEntry,
  reading: Reading,
):
  | { key: string; headerStart: number; header: ParsedPiece; childrenBase: number; children: Level }
  | undefined {
  const { header: headerPiece, children: nodes } = node;
  if (headerPiece === undefined || nodes === undefined) {
    return undefined;
  }
  const header = reading.parse(headerPiece);
  const [only, ...more] = header?.entries ?? [];
  if (header === undefined || only === undefined || more.length > 0 || only[1] !== null) {
    return undefined;
  }
  const childrenBase = node.whole.start;
  const children = reading.children(node, () => readLevel(text, nodes, reading, childrenBase));
  if (children === undefined || children.start === -1) {
    return undefined;
  }
  return { key: only[0], headerStart: headerPiece.start, header, childrenBase, children };
}

/** The document from its pieces; undefined when a piece is not what the cut expected. */
function assemble(text: string, cut: readonly TopEntry[], reading: Reading): ParsedDocument | undefined {
  const level = readLevel(text, cut, reading, 0);
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
