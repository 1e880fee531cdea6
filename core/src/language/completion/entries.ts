import type { CursorContext } from '../cursor/types';
import type { AssistDocument, CompletionEntry } from './types';

/** A value of an enum (or another known value) as an entry that keeps the quoting the author started. */
export function valueEntry(
  document: AssistDocument,
  context: CursorContext,
  value: unknown,
  sortText: string,
  documentation?: string,
): CompletionEntry {
  const text = String(value);
  const insert = formatScalar(document.index.format, value, context.quote);
  return {
    label: text,
    kind: 'value',
    insert,
    snippet: false,
    replace: context.replace,
    sortText,
    filterText: context.quote !== undefined ? insert : text,
    ...(documentation !== undefined && { documentation }),
  };
}

/** A scalar written as the format wants it: JSON strings in double quotes, YAML plain unless it must be quoted. */
export function formatScalar(format: 'yaml' | 'json', value: unknown, quote: '"' | "'" | undefined): string {
  if (typeof value !== 'string') {
    return JSON.stringify(value);
  }
  if (format === 'json') {
    return JSON.stringify(value);
  }
  if (quote === "'") {
    return `'${value.replace(/'/g, "''")}'`;
  }
  if (quote === '"' || /^[\s#&*!|>'"%@`{[\]},?:-]|[:#]\s|\s$|^(?:true|false|null|~|[\d.+-]+)$/i.test(value)) {
    return JSON.stringify(value);
  }
  return value;
}
