import { changedSpan } from './textChange';

/**
 * A large YAML document cut into pieces that parse on their own: each top-level entry, and each entry of a large
 * top-level block mapping (every channel of `channels:`, every kind of `components:`, ...). A one-line edit
 * changes one piece, and only that piece is parsed again; the others come from the previous parse.
 *
 * The cut is only made where YAML guarantees it is exact: at lines indented exactly as a mapping's keys, which
 * no scalar, block scalar or flow collection of the entry above can continue onto. Texts with what a piece
 * cannot see on its own (directives, several documents, a root that is not a block mapping) are not cut.
 *
 * After an edit, `recutYaml` makes the same cut from the previous one: what lies before the changed lines is
 * kept, what lies after them is moved, and only the entries holding the changed lines are cut again.
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

/** An entry bigger than this is cut into its own entries (and those in turn). */
const CUT_ENTRY_CHARS = 4096;

/** On average, how many entries of a cut mapping make one piece. */
const GROUP = 8;

/**
 * Cuts a text into top-level entries (and large ones into their entries), or answers undefined when the text
 * must be parsed whole.
 */
export function cutYaml(text: string): TopEntry[] | undefined {
  const lines = linesIn(text, 0, text.length);
  const starts: number[] = [];
  for (const [index, line] of lines.entries()) {
    const kind = topLine(text, line);
    if (kind === 'other' || (kind === 'dash' && starts.length === 0)) {
      return undefined; // directives, document markers, flow or complex roots, a sequence root: parsed whole
    }
    if (kind === 'key') {
      starts.push(index);
    }
  }
  const lineStart = (index: number): number => lines[index]?.start ?? text.length;
  return starts.length === 0
    ? undefined
    : starts.map((first, n) => {
        const last = starts[n + 1] ?? lines.length;
        return topEntry(text, n === 0 ? 0 : lineStart(first), lineStart(first), lineStart(last), (whole) =>
          cutEntry(text, lines, first, last, whole),
        );
      });
}

/**
 * The cut of `text` made from the cut of `before`, the text before an edit: exactly what `cutYaml(text)` gives.
 * Only the entries holding the changed lines are cut again, at every depth; when the change reaches the
 * structure the cut depends on (the first key, an entry's key line, ...), the entry holding it is cut whole.
 */
export function recutYaml(before: string, cut: readonly TopEntry[], text: string): TopEntry[] | undefined {
  if (before === text) {
    return [...cut];
  }
  const { start, newText } = changedSpan(before, text);
  const from = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', start + newText.length);
  const to = newline === -1 ? text.length : newline;
  const change: Change = {
    text,
    delta: text.length - before.length,
    from,
    to,
    lines: linesIn(text, from, to + 1),
  };
  const firstKey = firstKeyOf(before);
  if (firstKey === undefined || firstKey >= from) {
    return cutYaml(text); // the lines above the first key decide whether the text is cut at all
  }
  const regionKeys: number[] = [];
  for (const line of change.lines) {
    const kind = topLine(text, line);
    if (kind === 'other') {
      return undefined;
    }
    if (kind === 'key') {
      regionKeys.push(line.start);
    }
  }
  const oldKeys = [firstKey, ...cut.slice(1).map((entry) => entry.whole.start)];
  const keys = [
    ...oldKeys.filter((key) => key < from),
    ...regionKeys,
    ...oldKeys.filter((key) => key > to - change.delta).map((key) => key + change.delta),
  ];
  return keys.map((key, n) => {
    const entryFrom = n === 0 ? 0 : key;
    const entryTo = keys[n + 1] ?? text.length;
    const kept = cut[n];
    const moved = cut[n + cut.length - keys.length];
    if (entryTo <= from && kept !== undefined && sameRange(kept, entryFrom, entryTo)) {
      return kept;
    }
    if (
      entryFrom > to &&
      moved !== undefined &&
      sameRange(moved, entryFrom - change.delta, entryTo - change.delta)
    ) {
      return shifted(moved, change.delta);
    }
    return topEntry(text, entryFrom, key, entryTo, (whole) => {
      const old = cut.find((entry) => entry.whole.start === entryFrom);
      return old !== undefined && holdsChange(old, entryFrom, entryTo, change)
        ? recutEntry(old, whole, change)
        : cutFresh(text, whole);
    });
  });
}

/** The changed lines of an edit, in the new text, and how much longer the text became. */
interface Change {
  readonly text: string;
  readonly delta: number;
  /** Where the first changed line starts. */
  readonly from: number;
  /** Where the last changed line ends (its line break, or the end of the text). */
  readonly to: number;
  readonly lines: readonly Line[];
}

/** A top-level entry: parsed whole when small or when comments come before its key (the first entry). */
function topEntry(
  text: string,
  from: number,
  keyStart: number,
  to: number,
  cutLarge: (whole: Piece) => TopEntry,
): TopEntry {
  const whole: Piece = { start: from, text: text.slice(from, to) };
  return to - from < CUT_ENTRY_CHARS || from !== keyStart ? { whole } : cutLarge(whole);
}

/** One key line of a mapping's entry: where it starts and ends. */
interface KeyLine {
  readonly start: number;
  readonly end: number;
}

function cutEntry(text: string, lines: readonly Line[], first: number, last: number, whole: Piece): TopEntry {
  const keyLine = lines[first];
  if (keyLine === undefined || !/:[ \t]*(?:#.*)?$/.test(text.slice(keyLine.start, keyLine.end))) {
    return { whole }; // the value starts on the key's line: a scalar, flow collection, anchor, tag, block scalar
  }
  let indent: number | undefined;
  const keys: number[] = [];
  for (let index = first + 1; index < last; index++) {
    const line = lines[index];
    if (line === undefined) {
      break;
    }
    indent ??= indentOf(text, line);
    if (indent === undefined) {
      continue; // blank lines and comments before the first entry
    }
    if (indent < 0) {
      return { whole }; // a tab in the first entry's indentation: the parser says what it is
    }
    const kind = childLine(text, line, indent);
    if (kind === 'other') {
      return { whole };
    }
    if (kind === 'key') {
      keys.push(index);
    }
  }
  const [firstKey] = keys;
  if (firstKey === undefined || keys.length < 2) {
    return { whole };
  }
  const end = endOf(whole);
  const lineStart = (index: number): number => (index < last ? lines[index]?.start : undefined) ?? end;
  const header: Piece = { start: keyLine.start, text: text.slice(keyLine.start, lineStart(firstKey)) };
  const entries = keys.map((index): KeyLine => lines[index] ?? { start: end, end });
  const children = groupEntries(text, entries, end, {
    large: (n, start, to) =>
      cutEntry(text, lines, keys[n] ?? last, keys[n + 1] ?? last, piece(text, start, to)),
    group: (start, to) => ({ whole: piece(text, start, to) }),
  });
  return { whole, header, children };
}

/**
 * The children of a cut mapping from its entries: small entries grouped into pieces of a few entries, a piece
 * ending after an entry whose key line hashes to 0 mod GROUP (so the grouping depends only on key lines and an
 * edit inside an entry moves no boundary); a large entry a piece of its own, cut in turn.
 */
function groupEntries(
  text: string,
  entries: readonly KeyLine[],
  end: number,
  make: {
    readonly large: (n: number, start: number, end: number) => TopEntry;
    readonly group: (start: number, end: number) => TopEntry;
  },
): TopEntry[] {
  const children: TopEntry[] = [];
  let groupStart: number | undefined;
  const closeGroup = (to: number): void => {
    if (groupStart !== undefined) {
      children.push(make.group(groupStart, to));
      groupStart = undefined;
    }
  };
  for (const [n, entry] of entries.entries()) {
    const next = entries[n + 1]?.start ?? end;
    if (next - entry.start >= CUT_ENTRY_CHARS) {
      closeGroup(entry.start);
      children.push(make.large(n, entry.start, next));
      continue;
    }
    groupStart ??= entry.start;
    if (n === entries.length - 1 || endsGroup(text, entry)) {
      closeGroup(next);
    }
  }
  closeGroup(end);
  return children;
}

function endsGroup(text: string, key: KeyLine): boolean {
  let hash = 0;
  for (let offset = key.start; offset < key.end; offset++) {
    hash = (hash * 31 + text.charCodeAt(offset)) | 0;
  }
  return (hash >>> 0) % GROUP === 0;
}

/**
 * A cut entry holding the changed lines, cut again: the children before the change kept, those after it moved,
 * and the one child holding it cut again in turn when it is a cut entry that stays one, else regrouped.
 */
function recutEntry(old: TopEntry, whole: Piece, change: Change): TopEntry {
  const { text, delta } = change;
  const { header, children } = old;
  const firstChild = children?.[0]?.whole.start;
  if (
    header === undefined ||
    children === undefined ||
    firstChild === undefined ||
    change.from <= firstChild
  ) {
    return cutFresh(text, whole); // not cut before, or the change reaches the key line or the first entry's
  }
  const indent = indentOf(text, lineAt(text, firstChild)) ?? 0;
  let newKeys = 0;
  for (const line of change.lines) {
    const kind = childLine(text, line, indent);
    if (kind === 'other') {
      return { whole };
    }
    newKeys += kind === 'key' ? 1 : 0;
  }
  // The children holding the first and the last changed line (their offsets are those before the edit).
  const holding = (offset: number): number => {
    const index = children.findIndex((child) => endOf(child.whole) > offset);
    return index === -1 ? children.length - 1 : index; // the change reaches the end of the text
  };
  const first = holding(change.from);
  const last = holding(change.to - delta);
  const inner = children[first];
  if (inner === undefined) {
    return cutFresh(text, whole);
  }
  if (
    first === last &&
    newKeys === 0 &&
    inner.header !== undefined &&
    inner.whole.start < change.from &&
    endOf(inner.whole) + delta - inner.whole.start >= CUT_ENTRY_CHARS
  ) {
    const innerWhole = piece(text, inner.whole.start, endOf(inner.whole) + delta);
    return {
      whole,
      header,
      children: [
        ...children.slice(0, first),
        recutEntry(inner, innerWhole, change),
        ...children.slice(first + 1).map((child) => shifted(child, delta)),
      ],
    };
  }
  const regrouped = regroup(children, first, last, indent, change);
  return regrouped === undefined ? { whole } : { whole, header, children: regrouped };
}

/**
 * The children of a cut entry after a change that reaches the children [first, last] beyond a cut entry's inside:
 * their entries are grouped anew from the start of the child before them (a boundary that stays one) to the end of
 * the last, or of the one after it when the change makes them one group. Undefined when fewer than two entries are
 * left (then the entry is not cut).
 */
function regroup(
  children: readonly TopEntry[],
  first: number,
  last: number,
  indent: number,
  change: Change,
): TopEntry[] | undefined {
  const { text, delta } = change;
  const from = Math.max(first - 1, 0);
  const entries = [
    ...(from < first ? keysOf(text, children[from], 0, indent) : []),
    ...keysIn(text, children[first]?.whole.start ?? 0, endOf(children[last]?.whole) + delta, indent),
  ];
  let to = last;
  const next = children[last + 1];
  const lastEntry = entries.at(-1);
  if (next !== undefined && lastEntry !== undefined) {
    const nextKeys = keysOf(text, next, delta, indent);
    const nextEnd = endOf(next.whole) + delta;
    const lastSize = (nextKeys[0]?.start ?? nextEnd) - lastEntry.start;
    const nextSize = (nextKeys[1]?.start ?? nextEnd) - (nextKeys[0]?.start ?? nextEnd);
    if (!endsGroup(text, lastEntry) && lastSize < CUT_ENTRY_CHARS && nextSize < CUT_ENTRY_CHARS) {
      entries.push(...nextKeys);
      to = last + 1;
    }
  }
  if (entries.length + from + (children.length - 1 - to) < 2) {
    return undefined;
  }
  const scanned = children.slice(from, to + 1);
  // A child before the change that comes out as it was is kept. (After the change none can: the regrouped
  // children there end where the last child holding the change, or the one after it, ended.)
  const reused = (start: number, end: number): TopEntry | undefined =>
    end <= change.from ? scanned.find((child) => sameRange(child, start, end)) : undefined;
  const made = groupEntries(text, entries, endOf(children[to]?.whole) + delta, {
    large: (_n, start, end) => {
      const held = scanned.find((child) => child.whole.start === start);
      return (
        reused(start, end) ??
        (held !== undefined && holdsChange(held, start, end, change)
          ? recutEntry(held, piece(text, start, end), change)
          : cutFresh(text, piece(text, start, end)))
      );
    },
    group: (start, end) => reused(start, end) ?? { whole: piece(text, start, end) },
  });
  return [
    ...children.slice(0, from),
    ...made,
    ...children.slice(to + 1).map((child) => shifted(child, delta)),
  ];
}

/** True when `old` is the entry that became [from, to) by the change, its key line unchanged. */
function holdsChange(old: TopEntry, from: number, to: number, change: Change): boolean {
  return (
    old.whole.start === from &&
    from < change.from &&
    (to > change.to || to === change.text.length) &&
    endOf(old.whole) === to - change.delta
  );
}

/** The key lines of a child of a cut entry that the change did not touch, `by` characters further. */
function keysOf(text: string, child: TopEntry | undefined, by: number, indent: number): KeyLine[] {
  if (child === undefined) {
    return [];
  }
  const start = child.whole.start + by;
  return child.header !== undefined
    ? [lineAt(text, start)]
    : keysIn(text, start, endOf(child.whole) + by, indent);
}

/** The key lines, at `indent`, of the lines starting in [from, to). */
function keysIn(text: string, from: number, to: number, indent: number): KeyLine[] {
  return linesIn(text, from, to).filter((line) => childLine(text, line, indent) === 'key');
}

function cutFresh(text: string, whole: Piece): TopEntry {
  const lines = linesIn(text, whole.start, endOf(whole));
  return cutEntry(text, lines, 0, lines.length, whole);
}

function sameRange(entry: TopEntry, start: number, end: number): boolean {
  return entry.whole.start === start && endOf(entry.whole) === end;
}

/** An entry of the text before an edit, `by` characters further (its texts unchanged). */
function shifted(entry: TopEntry, by: number): TopEntry {
  const whole = movedPiece(entry.whole, by);
  return entry.header === undefined || entry.children === undefined
    ? { whole }
    : {
        whole,
        header: movedPiece(entry.header, by),
        children: entry.children.map((child) => shifted(child, by)),
      };
}

function movedPiece(piece: Piece, by: number): Piece {
  return { start: piece.start + by, text: piece.text };
}

function piece(text: string, start: number, end: number): Piece {
  return { start, text: text.slice(start, end) };
}

function endOf(piece: Piece | undefined): number {
  return piece === undefined ? 0 : piece.start + piece.text.length;
}

interface Line {
  readonly start: number;
  /** Offset of the line break (or the end of the text). */
  readonly end: number;
}

/** The lines of `text` that start in [from, to); `from` is the start of a line. */
function linesIn(text: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  for (let start = from; start < to && start <= text.length;) {
    const line = lineAt(text, start);
    lines.push(line);
    if (line.next === undefined) {
      break;
    }
    start = line.next;
  }
  return lines;
}

/** The line starting at `start`, and where the next one starts. */
function lineAt(text: string, start: number): Line & { readonly next: number | undefined } {
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : newline;
  return {
    start,
    end: end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end,
    next: newline === -1 ? undefined : newline + 1,
  };
}

/** Where the first top-level key of a text starts; undefined when something else comes first. */
function firstKeyOf(text: string): number | undefined {
  for (let start: number | undefined = 0; start !== undefined;) {
    const line = lineAt(text, start);
    const kind = topLine(text, line);
    if (kind !== 'inside') {
      return kind === 'key' ? start : undefined;
    }
    start = line.next;
  }
  return undefined;
}

/**
 * What a line is at the top level: a key starting an entry; a line inside the entry above (blank, indented, a
 * comment); a sequence entry (`- `), inside the entry above when there is one; or what the cut cannot take.
 */
function topLine(text: string, line: Line): 'key' | 'inside' | 'dash' | 'other' {
  const first = text.charCodeAt(line.start);
  if (line.start === line.end || isSpace(first) || first === HASH) {
    return 'inside';
  }
  if (isDash(text, line.start)) {
    return 'dash';
  }
  return !startsKey(first) || text.startsWith('---', line.start) || text.startsWith('...', line.start)
    ? 'other'
    : 'key';
}

/**
 * What a line is to a block mapping whose keys are indented by `indent`: one of its keys, a line inside an
 * entry (deeper, blank or a comment), or what makes it no plain block mapping (less indented, a tab in the
 * indentation, a sequence or complex key at the keys' indentation): then the mapping is not cut.
 */
function childLine(text: string, line: Line, indent: number): 'key' | 'inside' | 'other' {
  const depth = indentOf(text, line);
  if (depth === undefined || depth > indent) {
    return 'inside';
  }
  const at = line.start + depth;
  return depth < indent || isDash(text, at) || text.charCodeAt(at) === QUESTION ? 'other' : 'key';
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
