import { modify, type FormattingOptions } from 'jsonc-parser';
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument as parseYaml,
  stringify,
  type Document,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

import { isRecord } from '../document/documentKind';
import type { DocumentFormat } from '../document/documentFormat';
import { parseDocument } from '../document/parseDocument';

export type EditPath = ReadonlyArray<string | number>;

/**
 * Edits a YAML or JSON text by path and touches nothing else: comments, key order, quoting and indentation of
 * every other part stay byte for byte. New parts are written in the style of their neighbours (the indentation
 * of the collection they join). An edit followed by its inverse gives the original text back.
 */
export interface DocumentEditor {
  /** The text after the edits so far. */
  readonly text: string;
  /** The plain value at a path (undefined when absent). */
  value(path: EditPath): unknown;
  /** Replaces the value at a path, or adds the key at the end of its (existing) mapping. */
  set(path: EditPath, value: unknown): void;
  /** Removes a key of a mapping or an item of a sequence. */
  remove(path: EditPath): void;
  /** Adds an item at the end of the sequence at a path (created when absent). */
  append(path: EditPath, ...values: unknown[]): void;
}

export function documentEditor(text: string, format: DocumentFormat): DocumentEditor {
  return format === 'json' ? new JsonEditor(text) : new YamlEditor(text);
}

function valueAt(root: unknown, path: EditPath): unknown {
  return path.reduce<unknown>(
    (node, key) => (Array.isArray(node) ? node[Number(key)] : isRecord(node) ? node[String(key)] : undefined),
    root,
  );
}

/** Text ranges come from the `yaml` package's Document (its node ranges); the text is parsed again after each edit. */
class YamlEditor implements DocumentEditor {
  /** The parse of the current text, made when first needed after an edit. */
  private parsed: { document?: Document; root?: { value: unknown } } = {};

  constructor(public text: string) {}

  value(path: EditPath): unknown {
    this.parsed.root ??= { value: this.document().toJS({ maxAliasCount: 1000 }) as unknown };
    return valueAt(this.parsed.root.value, path);
  }

  set(path: EditPath, value: unknown): void {
    const document = this.document();
    if (path.length === 0) {
      this.splice(0, this.text.length, renderYaml(value, 0));
      return;
    }
    const parent = document.getIn(path.slice(0, -1), true);
    const key = path[path.length - 1] ?? '';
    if (isSeq(parent)) {
      this.setItem(parent, path, Number(key), value);
      return;
    }
    if (!isMap(parent)) {
      throw new Error(`No mapping at ${path.slice(0, -1).join('.')} to set '${String(key)}' in.`);
    }
    const pair = findPair(parent, String(key));
    if (
      pair !== undefined &&
      isScalar(pair.value) &&
      pair.value.range &&
      isPlain(value) &&
      pair.value.value !== null
    ) {
      const [start, end] = pair.value.range;
      this.splice(start, end, renderScalar(value, parent.flow === true));
    } else if (pair !== undefined) {
      const { start, end, indent, inline } = this.pairSpan(pair);
      const rendered = renderYaml({ [String(key)]: value }, indent);
      this.splice(start, end, inline ? rendered.slice(indent) : rendered);
    } else if (!parent.flow && parent.items.length > 0) {
      const first = parent.items[0];
      const last = parent.items[parent.items.length - 1];
      const indent = first ? this.pairSpan(first).indent : 0;
      this.insertBlock(
        last ? this.pairSpan(last).end : this.text.length,
        renderYaml({ [String(key)]: value }, indent),
      );
    } else {
      const existing = parent.toJSON() as unknown;
      this.set(path.slice(0, -1), { ...(isRecord(existing) ? existing : {}), [String(key)]: value });
    }
  }

  remove(path: EditPath): void {
    const document = this.document();
    const parentPath = path.slice(0, -1);
    const parent = document.getIn(parentPath, true);
    const key = path[path.length - 1] ?? '';
    const plain = (isMap(parent) || isSeq(parent) ? parent.toJSON() : undefined) as unknown;
    if (isMap(parent)) {
      const pair = findPair(parent, String(key));
      if (pair === undefined) {
        return;
      }
      if (parent.flow || parent.items.length === 1) {
        const rest = { ...(isRecord(plain) ? plain : {}) };
        delete rest[String(key)];
        this.set(parentPath, rest);
        return;
      }
      const { start, end, inline } = this.pairSpan(pair);
      if (!inline) {
        this.splice(start, end, '');
      }
    } else if (isSeq(parent)) {
      const index = Number(key);
      if (parent.flow || parent.items.length === 1) {
        this.set(
          parentPath,
          (Array.isArray(plain) ? plain : []).filter((_item, at) => at !== index),
        );
        return;
      }
      const item = parent.items[index] as { range?: [number, number, number] } | undefined;
      if (item?.range) {
        this.splice(lineStart(this.text, item.range[0]), lineEndAfter(this.text, item.range[1]), '');
      }
    }
  }

  append(path: EditPath, ...values: unknown[]): void {
    const sequence = this.document().getIn(path, true);
    const last = isSeq(sequence)
      ? (sequence.items[sequence.items.length - 1] as { range?: number[] })
      : undefined;
    if (isSeq(sequence) && !sequence.flow && sequence.range && last?.range?.[1] !== undefined) {
      const dash = sequence.range[0] - lineStart(this.text, sequence.range[0]);
      this.insertBlock(lineEndAfter(this.text, last.range[1]), renderYaml(values, dash));
      return;
    }
    const existing = this.value(path);
    this.set(path, [...(Array.isArray(existing) ? (existing as unknown[]) : []), ...values]);
  }

  private setItem(sequence: YAMLSeq, path: EditPath, index: number, value: unknown): void {
    const item = sequence.items[index];
    if (isScalar(item) && item.range && isPlain(value)) {
      this.splice(item.range[0], item.range[1], renderScalar(value, sequence.flow === true));
      return;
    }
    const items = sequence.toJSON();
    items[index] = value;
    this.set(path.slice(0, -1), items);
  }

  private document(): Document {
    this.parsed.document ??= parseYaml(this.text);
    return this.parsed.document;
  }

  /**
   * The lines of a mapping entry: from its key's line to the end of its value's last line. `inline` when the
   * key shares its line with a sequence dash (`- name: x`): then the span starts at the key.
   */
  private pairSpan(pair: Pair): { start: number; end: number; indent: number; inline: boolean } {
    const key = pair.key as { range?: number[] } | null;
    const value = pair.value as { range?: number[] } | null;
    const keyStart = key?.range?.[0] ?? 0;
    const from = lineStart(this.text, keyStart);
    const inline = this.text.slice(from, keyStart).trim() !== '';
    const valueEnd = value?.range?.[1] ?? key?.range?.[1] ?? keyStart;
    return {
      start: inline ? keyStart : from,
      end: lineEndAfter(this.text, valueEnd),
      indent: keyStart - from,
      inline,
    };
  }

  private insertBlock(at: number, block: string): void {
    if (at >= this.text.length && this.text !== '' && !this.text.endsWith('\n')) {
      this.splice(this.text.length, this.text.length, `\n${block.replace(/\n$/, '')}`);
    } else {
      this.splice(at, at, block);
    }
  }

  private splice(start: number, end: number, replacement: string): void {
    const text = this.text.includes('\r\n') ? replacement.replace(/\r?\n/g, '\r\n') : replacement;
    this.text = this.text.slice(0, start) + text + this.text.slice(end);
    this.parsed = {};
  }
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find(
    (pair) => isPair(pair) && String(isScalar(pair.key) ? pair.key.value : pair.key) === key,
  );
}

function isPlain(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** A scalar's text; inside a flow collection always JSON-quoted, where `{`, `}` and `,` would end a plain one. */
function renderScalar(value: unknown, inFlow: boolean): string {
  return inFlow ? JSON.stringify(value) : renderYaml(value, 0).trimEnd();
}

/** YAML text of a value, each line indented by `indent` spaces, ending in a newline. */
export function renderYaml(value: unknown, indent: number): string {
  const text = stringify(value, { lineWidth: 0 });
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just past the newline that ends the line of `offset` (a value ending in a newline ends there). */
function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') {
    return offset;
  }
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/** JSON keeps its own formatting through jsonc-parser's modify, indented like the text already is. */
class JsonEditor implements DocumentEditor {
  private readonly formatting: FormattingOptions;
  /** The parse of the current text, made when first needed after an edit. */
  private root: { value: unknown } | undefined;

  constructor(public text: string) {
    const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
    this.formatting = {
      insertSpaces: !indent.startsWith('\t'),
      tabSize: indent.startsWith('\t') ? 1 : indent.length,
      eol: text.includes('\r\n') ? '\r\n' : '\n',
    };
  }

  value(path: EditPath): unknown {
    this.root ??= { value: parseDocument(this.text, 'json').root };
    return valueAt(this.root.value, path);
  }

  set(path: EditPath, value: unknown): void {
    this.apply(path, value);
  }

  remove(path: EditPath): void {
    this.apply(path, undefined);
  }

  append(path: EditPath, ...values: unknown[]): void {
    for (const value of values) {
      const existing = this.value(path);
      if (Array.isArray(existing)) {
        this.apply([...path, existing.length], value, true);
      } else {
        this.apply(path, [value]);
      }
    }
  }

  private apply(path: EditPath, value: unknown, isArrayInsertion = false): void {
    const edits = modify(this.text, [...path], value, {
      formattingOptions: this.formatting,
      isArrayInsertion,
    });
    for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) {
      this.text = this.text.slice(0, edit.offset) + edit.content + this.text.slice(edit.offset + edit.length);
    }
    this.root = undefined;
  }
}
