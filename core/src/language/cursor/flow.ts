import type { JsonPath } from '../../document/locator';

export function quoteOf(value: string): '"' | "'" | undefined {
  const first = value.charAt(0);
  return first === '"' || first === "'" ? first : undefined;
}

export function unquote(value: string): string {
  const quote = quoteOf(value);
  if (quote === undefined) {
    return value;
  }
  return value.endsWith(quote) && value.length > 1 ? value.slice(1, -1) : value.slice(1);
}

interface FlowScan {
  readonly kind: 'key' | 'value';
  readonly path: JsonPath;
  readonly prefix: string;
  readonly tokenStart: number;
  readonly quote: '"' | "'" | undefined;
  readonly present: string[];
}

interface Frame {
  readonly type: 'map' | 'seq';
  key: string | undefined;
  index: number;
  readonly keys: string[];
}

/** Reads a flow collection (`{a: 1, b: [x, y` ...) from `from` up to the cursor, tolerating what is unclosed. */
export function scanFlow(text: string, from: number, to: number, base: JsonPath): FlowScan | undefined {
  const frames: Frame[] = [];
  let tokenStart = from;
  let quote: '"' | "'" | undefined;
  for (let p = from; p < to; p++) {
    const char = text.charAt(p);
    const top = frames[frames.length - 1];
    if (char === '"' || char === "'") {
      const close = text.indexOf(char, p + 1);
      if (close === -1 || close >= to) {
        quote = char;
        tokenStart = p;
        break;
      }
      p = close;
    } else if (char === '{' || char === '[') {
      frames.push({ type: char === '{' ? 'map' : 'seq', key: undefined, index: 0, keys: [] });
      tokenStart = p + 1;
    } else if (char === '}' || char === ']') {
      frames.pop();
      tokenStart = p + 1;
    } else if (char === ',' && top !== undefined) {
      top.key = undefined;
      top.index++;
      tokenStart = p + 1;
    } else if (
      char === ':' &&
      top?.type === 'map' &&
      top.key === undefined &&
      /^(?:[\s,}\]]|$)/.test(text.charAt(p + 1))
    ) {
      top.key = unquote(text.slice(tokenStart, p).trim());
      top.keys.push(top.key);
      tokenStart = p + 1;
    }
  }
  const last = frames[frames.length - 1];
  if (last === undefined) {
    return undefined;
  }
  const path: Array<string | number> = [...base];
  for (const frame of frames.slice(0, -1)) {
    path.push(frame.type === 'map' ? (frame.key ?? '') : frame.index);
  }
  while (text.charAt(tokenStart) === ' ' && tokenStart < to) {
    tokenStart++;
  }
  const prefix = text.slice(tokenStart + (quote ? 1 : 0), to);
  if (last.type === 'map' && last.key === undefined) {
    return { kind: 'key', path, prefix, tokenStart, quote, present: last.keys };
  }
  path.push(last.type === 'map' ? (last.key ?? '') : last.index);
  return { kind: 'value', path, prefix, tokenStart, quote, present: [] };
}

/** Where the token at the cursor ends: its closing quote, else the next `,` `}` `]` or the end of the value. */
export function tokenEnd(text: string, col: number, quote: string | undefined, limit: number): number {
  if (quote !== undefined) {
    const close = text.indexOf(quote, col);
    return close === -1 || close >= limit ? Math.max(col, limit) : close + 1;
  }
  let end = col;
  while (end < limit && !',}]'.includes(text.charAt(end))) {
    end++;
  }
  while (end > col && text.charAt(end - 1) === ' ') {
    end--;
  }
  return end;
}
