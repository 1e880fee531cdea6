import { parse as parseYaml } from 'yaml';

import { isRecord } from '../../document/documentKind';
import type { JsonPath, Span } from '../../document/locator';
import type { CursorContext, DocumentIndex, NodeAtOffset } from './types';
import { BLOCK_SCALAR, FLOW_START, lineIndexAt, readLines, reuseLines, type Line } from './lines';
import { quoteOf, scanFlow, tokenEnd, unquote } from './flow';

type Entry =
  | { readonly type: 'root' }
  | { readonly type: 'key'; readonly line: number }
  | { readonly type: 'item'; readonly line: number; readonly dash: number };

export class YamlIndex implements DocumentIndex {
  readonly format = 'yaml' as const;
  private readonly lines: Line[];
  private readonly keyPaths = new Map<number, JsonPath>();
  private readonly childCache = new Map<number, Entry[]>();

  /** `lines[i].indent` in a typed array: the hot loops read nothing else for most lines. */
  private readonly indents: Int32Array;
  /** Where each line starts in the text (kept apart from the lines, which an edit's next version reuses). */
  private readonly starts: Float64Array;

  /** Reads a text; with the index of the document's previous version, lines the edit did not touch are reused. */
  constructor(
    readonly text: string,
    previous?: YamlIndex,
  ) {
    const read =
      (previous && reuseLines(previous.text, previous.lines, previous.starts, text)) ??
      readLines(text, 0, text.length);
    this.lines = read.lines;
    this.starts = read.starts;
    this.indents = new Int32Array(this.lines.length);
    this.lines.forEach((line, index) => (this.indents[index] = line.indent));
  }

  contextAt(offset: number): CursorContext | undefined {
    const i = this.lineAt(offset);
    const start = this.starts[i] ?? 0;
    const line = this.lines[i];
    if (line === undefined) {
      return undefined;
    }
    const col = offset - start;
    const before = line.text.slice(0, col);
    if (line.indent === -1 && line.text.trim() !== '' && !line.text.trimStart().startsWith('#')) {
      return undefined; // inside a block scalar
    }
    if (/(^|\s)#/.test(before.replace(/(["'])(?:(?!\1).)*\1/g, ''))) {
      return undefined; // in a comment
    }
    const base = { quote: undefined, flow: false, mayBeValue: false, hasColon: false };
    if (before.trim() === '') {
      const path = this.containerPath(i, col);
      const present = this.presentKeys(i, col, false);
      return { ...base, kind: 'key', path, prefix: '', replace: { start: offset, end: offset }, present };
    }
    if (line.keyCol >= 0 && col > line.colonCol) {
      return this.valueContext(i, line, offset);
    }
    if (line.keyCol >= 0 && col >= line.keyCol) {
      const path =
        line.dashes.length > 0
          ? this.itemPath(i, line.dashes.length - 1)
          : this.containerPath(i, line.keyCol);
      const present = this.presentKeys(i, line.keyCol, line.dashes.length > 0).filter(
        (key) => key !== line.key,
      );
      const quoted = /^["']/.test(line.text.charAt(line.keyCol));
      const prefix = line.text.slice(line.keyCol + (quoted ? 1 : 0), col);
      const replace = { start: start + line.keyCol, end: start + line.keyEnd };
      return { ...base, kind: 'key', path, prefix, replace, present, hasColon: true };
    }
    if (col < line.contentCol) {
      return undefined;
    }
    const item = line.dashes.length > 0;
    const path = item ? this.itemPath(i, line.dashes.length - 1) : this.containerPath(i, line.contentCol);
    if (FLOW_START.test(line.value)) {
      return this.flowContext(line, start, path, offset);
    }
    const quote = quoteOf(line.value);
    const prefix = line.text.slice(line.contentCol + (quote ? 1 : 0), col);
    const replace = {
      start: start + line.contentCol,
      end: start + line.contentCol + line.value.length,
    };
    const present = this.presentKeys(i, line.contentCol, item);
    return { ...base, kind: 'key', path, prefix, replace, present, mayBeValue: true, quote };
  }

  nodeAt(offset: number): NodeAtOffset | undefined {
    const i = this.lineAt(offset);
    const start = this.starts[i] ?? 0;
    const line = this.lines[i];
    if (line === undefined || line.indent === -1) {
      return undefined;
    }
    const col = offset - start;
    if (line.keyCol >= 0 && col >= line.keyCol && col <= line.keyEnd) {
      const span = { start: start + line.keyCol, end: start + line.keyEnd };
      return { kind: 'key', path: this.keyPath(i), span, text: line.key };
    }
    const hasValue = line.keyCol >= 0 || line.dashes.length > 0;
    if (!hasValue || col < line.valueCol || col > line.valueCol + line.value.length || line.value === '') {
      return undefined;
    }
    const path = line.keyCol >= 0 ? this.keyPath(i) : this.itemPath(i, line.dashes.length - 1);
    if (FLOW_START.test(line.value)) {
      const inFlow = scanFlow(line.text, line.valueCol, col, path);
      if (inFlow === undefined || inFlow.kind === 'key') {
        return undefined;
      }
      const end = tokenEnd(line.text, col, inFlow.quote, line.valueCol + line.value.length);
      const text = unquote(line.text.slice(inFlow.tokenStart, end).trim());
      return {
        kind: 'value',
        path: inFlow.path,
        span: { start: start + inFlow.tokenStart, end: start + end },
        text,
      };
    }
    const span = { start: start + line.valueCol, end: start + line.valueCol + line.value.length };
    return { kind: 'value', path, span, text: unquote(line.value) };
  }

  keysAt(path: JsonPath): string[] | undefined {
    const entry = this.entryAt(path);
    if (entry === undefined) {
      const inFlow = this.flowValueAt(path);
      return isRecord(inFlow) ? Object.keys(inFlow) : undefined;
    }
    const children = this.children(entry);
    return children.flatMap((child) => (child.type === 'key' ? [this.lines[child.line]?.key ?? ''] : []));
  }

  scalarAt(path: JsonPath): string | undefined {
    const entry = this.entryAt(path);
    if (entry === undefined) {
      const inFlow = this.flowValueAt(path);
      return typeof inFlow === 'string' || typeof inFlow === 'number' || typeof inFlow === 'boolean'
        ? String(inFlow)
        : undefined;
    }
    if (entry.type === 'root') {
      return undefined;
    }
    const line = this.lines[entry.line];
    if (line === undefined || (entry.type === 'item' && line.keyCol >= 0)) {
      return undefined;
    }
    const value = line.value;
    return value === '' || BLOCK_SCALAR.test(value) || FLOW_START.test(value) ? undefined : unquote(value);
  }

  sourceAt(path: JsonPath): { text: string; span: Span } | undefined {
    const entry = this.entryAt(path);
    if (entry === undefined || entry.type === 'root') {
      return undefined;
    }
    const first = this.lines[entry.line];
    if (first === undefined) {
      return undefined;
    }
    const col = entry.type === 'key' ? first.keyCol : (first.dashes[entry.dash] ?? 0);
    let last = entry.line;
    for (let m = entry.line + 1; m < this.lines.length; m++) {
      const line = this.lines[m];
      if (line === undefined) {
        break;
      }
      const continues =
        (this.indents[m] ?? -1) === -1 ||
        line.indent > col ||
        (entry.type === 'key' && line.indent === col && line.dashes[0] === col);
      if (!continues) {
        break;
      }
      if (line.text.trim() !== '') {
        last = m;
      }
    }
    const lastLine = this.lines[last] ?? first;
    const span = {
      start: (this.starts[entry.line] ?? 0) + col,
      end: (this.starts[last] ?? 0) + lastLine.text.length,
    };
    return { text: this.text.slice(span.start, span.end), span };
  }

  private valueContext(i: number, line: Line, offset: number): CursorContext | undefined {
    const path = this.keyPath(i);
    const start = this.starts[i] ?? 0;
    const col = offset - start;
    if (FLOW_START.test(line.value)) {
      return this.flowContext(line, start, path, offset);
    }
    if (BLOCK_SCALAR.test(line.value)) {
      return undefined;
    }
    const valueCol = Math.min(line.valueCol, col);
    const quote = quoteOf(line.value);
    const prefix = line.text.slice(valueCol + (quote ? 1 : 0), col).trimStart();
    const end = Math.max(line.valueCol + line.value.length, col);
    return {
      kind: 'value',
      path,
      prefix,
      replace: { start: start + valueCol, end: start + end },
      present: [],
      flow: false,
      mayBeValue: false,
      quote,
      hasColon: false,
    };
  }

  private flowContext(line: Line, start: number, path: JsonPath, offset: number): CursorContext | undefined {
    const col = offset - start;
    const scan = scanFlow(line.text, line.valueCol, col, path);
    if (scan === undefined) {
      return undefined;
    }
    const end = tokenEnd(line.text, col, scan.quote, line.valueCol + line.value.length);
    return {
      kind: scan.kind,
      path: scan.path,
      prefix: scan.prefix,
      replace: { start: start + scan.tokenStart, end: start + end },
      present: scan.present,
      flow: true,
      mayBeValue: scan.kind === 'value',
      quote: scan.quote,
      hasColon: false,
    };
  }

  private lineAt(offset: number): number {
    return lineIndexAt(this.starts, offset);
  }

  /** The path of the mapping or sequence that content starting at column `col` of line `i` belongs to. */
  private containerPath(i: number, col: number): JsonPath {
    for (let j = i - 1; j >= 0; j--) {
      const indent = this.indents[j] ?? -1;
      const line = this.lines[j];
      if (indent === -1 || indent >= col || line === undefined) {
        continue;
      }
      if (line.keyCol >= 0 && line.keyCol < col) {
        return this.keyPath(j);
      }
      let dash = line.dashes.length - 1;
      while (dash > 0 && (line.dashes[dash] ?? 0) >= col) {
        dash--;
      }
      return this.itemPath(j, dash);
    }
    return [];
  }

  /** The path of the value of the key on line `i`. */
  private keyPath(i: number): JsonPath {
    const cached = this.keyPaths.get(i);
    if (cached !== undefined) {
      return cached;
    }
    const line = this.lines[i];
    if (line === undefined) {
      return [];
    }
    const parent =
      line.dashes.length > 0 ? this.itemPath(i, line.dashes.length - 1) : this.containerPath(i, line.keyCol);
    const path = [...parent, line.key];
    this.keyPaths.set(i, path);
    return path;
  }

  /** The path of the sequence item that the `dash`-th `- ` of line `i` starts. */
  private itemPath(i: number, dash: number): JsonPath {
    const line = this.lines[i];
    if (line === undefined) {
      return [];
    }
    if (dash > 0) {
      return [...this.itemPath(i, dash - 1), 0];
    }
    const col = line.dashes[0] ?? line.indent;
    let index = 0;
    for (let m = i - 1; m >= 0; m--) {
      const indent = this.indents[m] ?? -1;
      if (indent === -1 || indent > col) {
        continue;
      }
      const above = this.lines[m];
      if (above === undefined) {
        continue;
      }
      if (above.indent === col && above.dashes[0] === col) {
        index++;
        continue;
      }
      if (above.keyCol >= 0 && above.keyCol <= col) {
        return [...this.keyPath(m), index];
      }
      let outer = above.dashes.length - 1;
      while (outer > 0 && (above.dashes[outer] ?? 0) >= col) {
        outer--;
      }
      return [...this.itemPath(m, outer), index];
    }
    return [index];
  }

  /** The keys of the mapping whose keys start at column `col`, around line `i` (the line itself excluded). */
  private presentKeys(i: number, col: number, startsHere: boolean): string[] {
    const keys: string[] = [];
    if (!startsHere) {
      for (let j = i - 1; j >= 0; j--) {
        const indent = this.indents[j] ?? -1;
        const line = this.lines[j];
        if (indent === -1 || indent > col || line === undefined) {
          continue;
        }
        if (line.indent < col) {
          if (line.dashes.length > 0 && line.keyCol === col) {
            keys.push(line.key);
          }
          break;
        }
        if (line.keyCol === col && line.dashes.length === 0) {
          keys.push(line.key);
        }
      }
    }
    for (let j = i + 1; j < this.lines.length; j++) {
      const indent = this.indents[j] ?? -1;
      const line = this.lines[j];
      if (indent === -1 || indent > col || line === undefined) {
        continue;
      }
      if (line.indent < col || line.dashes.length > 0) {
        break;
      }
      if (line.keyCol === col) {
        keys.push(line.key);
      }
    }
    return keys;
  }

  /** A value inside a one-line flow collection (`channel: {$ref: '#/channels/room'}`), read with the YAML parser. */
  private flowValueAt(path: JsonPath): unknown {
    for (let depth = path.length - 1; depth > 0; depth--) {
      const entry = this.entryAt(path.slice(0, depth));
      if (entry === undefined) {
        continue;
      }
      const line = entry.type === 'root' ? undefined : this.lines[entry.line];
      if (line === undefined || !FLOW_START.test(line.value) || (entry.type === 'item' && line.keyCol >= 0)) {
        return undefined;
      }
      let value: unknown;
      try {
        value = parseYaml(line.value);
      } catch {
        return undefined;
      }
      return path
        .slice(depth)
        .reduce<unknown>(
          (node, segment) =>
            isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined,
          value,
        );
    }
    return undefined;
  }

  private entryAt(path: JsonPath): Entry | undefined {
    let entry: Entry = { type: 'root' };
    for (const segment of path) {
      const children = this.children(entry);
      const next =
        typeof segment === 'number'
          ? children.filter((child) => child.type === 'item')[segment]
          : children.find((child) => child.type === 'key' && this.lines[child.line]?.key === segment);
      if (next === undefined) {
        return undefined;
      }
      entry = next;
    }
    return entry;
  }

  private children(entry: Entry): Entry[] {
    const key = entry.type === 'root' ? -1 : entry.type === 'key' ? entry.line * 2 : entry.line * 2 + 1;
    let children = this.childCache.get(key);
    if (children === undefined) {
      children = this.readChildren(entry);
      this.childCache.set(key, children);
    }
    return children;
  }

  private readChildren(entry: Entry): Entry[] {
    if (entry.type === 'root') {
      const first = this.lines.find((line) => line.indent >= 0);
      return first === undefined ? [] : this.collect(this.lines.indexOf(first), first.indent, -1);
    }
    const line = this.lines[entry.line];
    if (line === undefined) {
      return [];
    }
    if (entry.type === 'item') {
      if (entry.dash < line.dashes.length - 1 || line.keyCol < 0) {
        return [];
      }
      return [
        { type: 'key', line: entry.line },
        ...this.collect(entry.line + 1, line.keyCol, line.dashes[entry.dash] ?? 0),
      ];
    }
    if (line.value !== '') {
      return [];
    }
    const next = this.nextContentLine(entry.line + 1);
    const first = next === undefined ? undefined : this.lines[next];
    if (next === undefined || first === undefined || first.indent < line.keyCol) {
      return [];
    }
    if (first.indent === line.keyCol && first.dashes[0] !== line.keyCol) {
      return [];
    }
    return this.collect(next, first.indent, first.indent === line.keyCol ? line.keyCol - 1 : line.keyCol);
  }

  /** Entries at column `col` from line `from` on, until a line at or left of `stop`. */
  private collect(from: number, col: number, stop: number): Entry[] {
    const found: Entry[] = [];
    for (let m = from; m < this.lines.length; m++) {
      const indent = this.indents[m] ?? -1;
      if (indent === -1 || indent > col) {
        continue;
      }
      const line = this.lines[m];
      if (line === undefined || line.indent <= stop || line.indent < col) {
        break;
      }
      if (line.dashes[0] === col) {
        found.push({ type: 'item', line: m, dash: 0 });
      } else if (line.keyCol === col) {
        found.push({ type: 'key', line: m });
      }
    }
    return found;
  }

  private nextContentLine(from: number): number | undefined {
    for (let m = from; m < this.lines.length; m++) {
      if ((this.indents[m] ?? -1) >= 0) {
        return m;
      }
    }
    return undefined;
  }
}
