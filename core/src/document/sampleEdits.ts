// Schema errors of the kinds people type (a wrong type, a typo'd key, a deleted required property, a wrong enum
// value) at the start, middle and end of a YAML AsyncAPI document: what bench:lsp times and what the server's
// warm-up types into its sample documents, so that the first real ones do not pay for compiling their paths.

/** A range of a text, in lines and characters (an LSP Range). */
export interface LineRange {
  readonly start: { readonly line: number; readonly character: number };
  readonly end: { readonly line: number; readonly character: number };
}

/** One edit: a change and its undo, and the line its diagnostic belongs on. */
export interface TypingEdit {
  readonly kind: EditKind;
  readonly at: 'start' | 'middle' | 'end';
  readonly range: LineRange;
  readonly text: string;
  readonly undo: { readonly range: LineRange; readonly text: string };
  readonly line: number;
}

export type EditKind = 'type error' | 'unknown key' | 'missing required' | 'wrong enum';

const SCALAR = /^(\s*)([A-Za-z$]+):\s+([^\s#{[&*!|>'"][^#]*?)\s*$/;
/** Keys of AsyncAPI objects (not of JSON Schemas, which allow any key), whose value is a string. */
const STRING_KEYS = new Set([
  'operationId',
  'contentType',
  'protocol',
  'messageId',
  'address',
  'host',
  'url',
]);
/** Keys the schema requires of the object that holds them. */
const REQUIRED_KEYS = new Set(['protocol', 'action', 'host']);
const ENUMS: Record<string, readonly string[]> = {
  action: ['send', 'receive'],
  type: ['string', 'number', 'integer', 'object', 'array', 'boolean'],
};

/** The misspelling the edits type: the last two letters swapped. */
const misspell = (word: string): string => `${word.slice(0, -2)}${word.slice(-1)}${word.slice(-2, -1)}`;

/** The edits of each kind at the start, middle and end of a YAML text (where it has a line to make them on). */
export function typingEdits(text: string): TypingEdit[] {
  const lines = text.split('\n');
  const parentOf = (line: number): number => {
    const indent = (lines[line] ?? '').search(/\S/);
    let parent = line - 1;
    while (parent > 0 && (lines[parent] ?? '').search(/\S/) >= indent) {
      parent--;
    }
    return parent;
  };
  const replace = (kind: EditKind, line: number, content: string): Omit<TypingEdit, 'at'> => {
    const before = lines[line] ?? '';
    return {
      kind,
      range: { start: { line, character: 0 }, end: { line, character: before.length } },
      text: content,
      undo: {
        range: { start: { line, character: 0 }, end: { line, character: content.length } },
        text: before,
      },
      line,
    };
  };
  const makers: Record<EditKind, (line: number) => Omit<TypingEdit, 'at'> | undefined> = {
    'type error': (line) => {
      const [, indent, key] = SCALAR.exec(lines[line] ?? '') ?? [];
      return key !== undefined && STRING_KEYS.has(key)
        ? replace('type error', line, `${indent ?? ''}${key}: 8080`)
        : undefined;
    },
    'unknown key': (line) => {
      const [, indent, key, value] = SCALAR.exec(lines[line] ?? '') ?? [];
      return key !== undefined && STRING_KEYS.has(key)
        ? replace('unknown key', line, `${indent ?? ''}${misspell(key)}: ${value ?? ''}`)
        : undefined;
    },
    'missing required': (line) => {
      const [, , key] = SCALAR.exec(lines[line] ?? '') ?? [];
      if (key === undefined || !REQUIRED_KEYS.has(key)) {
        return undefined;
      }
      const before = lines[line] ?? '';
      return {
        kind: 'missing required',
        range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } },
        text: '',
        undo: { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${before}\n` },
        line: parentOf(line),
      };
    },
    'wrong enum': (line) => {
      const [, indent, key, value] = SCALAR.exec(lines[line] ?? '') ?? [];
      return key !== undefined && value !== undefined && ENUMS[key]?.includes(value) === true
        ? replace('wrong enum', line, `${indent ?? ''}${key}: ${misspell(value)}`)
        : undefined;
    },
  };
  const edits: TypingEdit[] = [];
  for (const make of Object.values(makers)) {
    const found = (from: number, step: 1 | -1): Omit<TypingEdit, 'at'> | undefined => {
      for (let line = from; line >= 0 && line < lines.length; line += step) {
        const edit = make(line);
        if (edit !== undefined) {
          return edit;
        }
      }
      return undefined;
    };
    const chosen = new Set<number>();
    for (const [at, edit] of [
      ['start', found(0, 1)],
      ['middle', found(Math.floor(lines.length / 2), 1) ?? found(Math.floor(lines.length / 2), -1)],
      ['end', found(lines.length - 1, -1)],
    ] as const) {
      if (edit !== undefined && !chosen.has(edit.range.start.line)) {
        chosen.add(edit.range.start.line);
        edits.push({ ...edit, at });
      }
    }
  }
  return edits;
}
