import type { JsonPath } from './locator';

// JSON pointers (RFC 6901): `~` is written `~0` and `/` `~1` in a segment; in a URI fragment (`#/...`, a $ref)
// segments may be percent-encoded too.

/** One key or index as a pointer segment: `a/b` → `a~1b`. */
export function encodeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A pointer segment back to its key: `a~1b` → `a/b`. */
export function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `['components', 'messages', 'a/b']` → `/components/messages/a~1b`. */
export function encodePointer(path: JsonPath): string {
  return path.map((segment) => `/${encodeSegment(segment)}`).join('');
}

/** `/components/messages/a~1b` (percent-encoded or not) → its path; undefined when it is not a JSON pointer. */
export function decodePointer(pointer: string): string[] | undefined {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    return undefined;
  }
  try {
    return pointer
      .slice(1)
      .split('/')
      .map((segment) => decodeSegment(decodeURIComponent(segment)));
  } catch {
    return undefined;
  }
}
