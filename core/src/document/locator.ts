import { findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser';
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type Node as YamlNode,
  type Pair,
} from 'yaml';

/** A path into a document's value: mapping keys and sequence indexes. */
export type JsonPath = ReadonlyArray<string | number>;

/** A range of a text as offsets, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Which part of a member a range should cover. */
export type Target = 'key' | 'value';

/**
 * Finds where a path lies in the text. When the path does not exist (a missing property), it answers for the
 * deepest part that does, so a problem about something missing sits on the key of what should hold it.
 */
export interface Locator {
  locate(path: JsonPath, target: Target): Span;
}

/** Block collections end after their last line break: a range ends at the last character that is not space. */
function trimmed(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(text.charAt(end - 1))) {
    end--;
  }
  return end === span.end ? span : { start: span.start, end };
}

export function yamlLocator(document: Document, text: string): Locator {
  return {
    locate: (path, target) => trimmed(text, locateYaml(document, path, target)),
  };
}

function locateYaml(document: Document, path: JsonPath, target: Target): Span {
  let node: unknown = document.contents;
  let keySpan: Span | undefined;
  for (const segment of path) {
    const next = yamlChild(node, segment);
    if (next === undefined) {
      return keySpan ?? spanOf(node) ?? { start: 0, end: 0 };
    }
    keySpan = next.key;
    node = next.value;
  }
  return (target === 'key' ? keySpan : undefined) ?? spanOf(node) ?? keySpan ?? { start: 0, end: 0 };
}

function yamlChild(
  node: unknown,
  segment: string | number,
): { key: Span | undefined; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item: Pair) => keyText(item.key) === String(segment));
    return pair === undefined ? undefined : { key: spanOf(pair.key), value: pair.value };
  }
  const index = isSeq(node) ? indexOf(segment) : undefined;
  if (isSeq(node) && index !== undefined) {
    const item: unknown = node.items[index];
    return item === undefined ? undefined : { key: spanOf(item), value: item };
  }
  return undefined;
}

/**
 * A path segment as a sequence index: a number, or a string of digits (the official parser's paths, as JSON
 * pointers, have `allOf/0/$ref`).
 */
function indexOf(segment: string | number): number | undefined {
  return typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) {
    return String(key.value);
  }
  return typeof key === 'string' ? key : undefined;
}

function spanOf(node: unknown): Span | undefined {
  if (isPair(node)) {
    return spanOf(node.key);
  }
  if (isNode(node)) {
    const range = (node as YamlNode).range;
    return range ? { start: range[0], end: range[1] } : undefined;
  }
  return undefined;
}

export function jsonLocator(root: JsonNode | undefined): Locator {
  return {
    locate(path, target) {
      if (root === undefined) {
        return { start: 0, end: 0 };
      }
      const segments = jsonSegments(root, path);
      for (let depth = segments.length; depth >= 0; depth--) {
        const node = findNodeAtLocation(root, segments.slice(0, depth));
        if (node === undefined) {
          continue;
        }
        const property = node.parent?.type === 'property' ? node.parent : undefined;
        const key = property?.children?.[0];
        const missing = depth < segments.length;
        const wantKey = target === 'key' || missing;
        const chosen = wantKey && key !== undefined ? key : node;
        return { start: chosen.offset, end: chosen.offset + chosen.length };
      }
      return { start: root.offset, end: root.offset };
    },
  };
}

/** The path with its digit strings as indexes where they step into an array (see indexOf). */
function jsonSegments(root: JsonNode, path: JsonPath): Array<string | number> {
  const segments: Array<string | number> = [];
  let node: JsonNode | undefined = root;
  for (const segment of path) {
    const index: number | undefined = node?.type === 'array' ? indexOf(segment) : undefined;
    const step: string | number = index ?? String(segment);
    segments.push(step);
    node = node === undefined ? undefined : findNodeAtLocation(node, [step]);
  }
  return segments;
}
