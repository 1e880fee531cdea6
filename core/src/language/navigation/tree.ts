import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument as parseYaml,
  type Document,
  type Node as YamlNode,
} from 'yaml';

import type { DocumentFormat } from '../../document/documentFormat';
import type { JsonPath, Span } from '../../document/locator';

/** A scalar's plain value. */
export type ScalarValue = string | number | boolean | null;

/**
 * One value of a YAML or JSON text with where it lies: the structure navigation, symbols, folding and quick
 * fixes walk. Aliases and complex keys are left out.
 */
export interface TreeNode {
  readonly path: JsonPath;
  readonly type: 'object' | 'array' | 'scalar';
  /** Where the key lies, for a member of an object (a quoted key's span includes its quotes). */
  readonly keySpan?: Span;
  /** Where the value lies (a quoted string's span includes its quotes). */
  readonly span: Span;
  /** A scalar's value. */
  readonly value?: ScalarValue;
  readonly children: readonly TreeNode[];
}

/** The tree of a text; undefined when it holds no value. Syntax errors leave out only what cannot be read. */
export function buildTree(text: string, format: DocumentFormat): TreeNode | undefined {
  if (format === 'json') {
    const root = parseTree(text, [], { allowTrailingComma: true });
    return root === undefined ? undefined : jsonNode(root, [], undefined);
  }
  return yamlTree(text, parseYaml(text, { uniqueKeys: false }));
}

/** The tree of a parsed YAML text; undefined when it holds no value. */
export function yamlTree(text: string, document: Document): TreeNode | undefined {
  return isNodeLike(document.contents) ? yamlNode(text, document.contents, [], undefined) : undefined;
}

/**
 * A copy of a tree read from a piece of a larger text: its offsets moved by `by`, its paths put under
 * `under`.
 */
export function shiftTree(node: TreeNode, by: number, under: JsonPath): TreeNode {
  const path = under.length === 0 ? node.path : [...under, ...node.path];
  const span = { start: node.span.start + by, end: node.span.end + by };
  const children = node.children.map((child) => shiftTree(child, by, under));
  const withKey =
    node.keySpan === undefined
      ? {}
      : { keySpan: { start: node.keySpan.start + by, end: node.keySpan.end + by } };
  const withValue = node.type === 'scalar' ? { value: node.value } : {};
  return { path, type: node.type, ...withKey, span, ...withValue, children };
}

function isNodeLike(node: unknown): node is YamlNode {
  return isMap(node) || isSeq(node) || isScalar(node);
}

function yamlNode(text: string, node: YamlNode, path: JsonPath, keySpan: Span | undefined): TreeNode {
  const [start, end] = node.range ?? [0, 0];
  const span = trimmedSpan(text, { start, end });
  const withKey = keySpan === undefined ? {} : { keySpan };
  if (isMap(node)) {
    const children = node.items.flatMap((pair): TreeNode[] => {
      const key = pair.key;
      if (!isScalar(key) || key.range === undefined || key.range === null || isAlias(pair.value)) {
        return [];
      }
      const childKey = { start: key.range[0], end: key.range[1] };
      const childPath = [...path, String(key.value)];
      if (!isNodeLike(pair.value)) {
        // `key:` with nothing after it: an empty value right after the key.
        return [
          {
            path: childPath,
            type: 'scalar',
            keySpan: childKey,
            span: emptyAfter(text, childKey),
            value: null,
            children: [],
          },
        ];
      }
      return [yamlNode(text, pair.value, childPath, childKey)];
    });
    return { path, type: 'object', ...withKey, span, children };
  }
  if (isSeq(node)) {
    const children = node.items.flatMap((item, index): TreeNode[] =>
      isNodeLike(item) ? [yamlNode(text, item, [...path, index], undefined)] : [],
    );
    return { path, type: 'array', ...withKey, span, children };
  }
  const value = isScalar(node) ? node.value : null;
  return { path, type: 'scalar', ...withKey, span, value: scalarValue(value), children: [] };
}

/** Where an empty value after `key:` is: just past the colon. */
function emptyAfter(text: string, key: Span): Span {
  const colon = text.indexOf(':', key.end);
  const at = colon === -1 ? key.end : colon + 1;
  return { start: at, end: at };
}

function scalarValue(value: unknown): ScalarValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return typeof value === 'bigint' ? Number(value) : null; // dates and other tags: not navigated
}

function jsonNode(node: JsonNode, path: JsonPath, keySpan: Span | undefined): TreeNode {
  const span = { start: node.offset, end: node.offset + node.length };
  const withKey = keySpan === undefined ? {} : { keySpan };
  if (node.type === 'object') {
    const children = (node.children ?? []).flatMap((property): TreeNode[] => {
      const [key, value] = property.children ?? [];
      if (key === undefined || value === undefined) {
        return [];
      }
      const childKey = { start: key.offset, end: key.offset + key.length };
      return [jsonNode(value, [...path, String(key.value)], childKey)];
    });
    return { path, type: 'object', ...withKey, span, children };
  }
  if (node.type === 'array') {
    const children = (node.children ?? []).map((item, index) => jsonNode(item, [...path, index], undefined));
    return { path, type: 'array', ...withKey, span, children };
  }
  return { path, type: 'scalar', ...withKey, span, value: scalarValue(node.value), children: [] };
}

/** A span without the white space at its end. */
export function trimmedSpan(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(text.charAt(end - 1))) {
    end--;
  }
  return { start: span.start, end };
}

export function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((segment, index) => String(segment) === String(b[index]));
}

/** From the key (if any) to the end of the value. */
export function memberSpan(node: TreeNode): Span {
  return {
    start: node.keySpan?.start ?? node.span.start,
    end: Math.max(node.span.end, node.keySpan?.end ?? 0),
  };
}

function contains(span: Span | undefined, offset: number): boolean {
  return span !== undefined && span.start <= offset && offset <= span.end;
}

/** The nodes whose member span holds the offset, from the root down to the innermost. */
export function nodesAt(root: TreeNode | undefined, offset: number): TreeNode[] {
  const chain: TreeNode[] = [];
  let node = root;
  while (node !== undefined && contains(memberSpan(node), offset)) {
    chain.push(node);
    node = node.children.find((child) => contains(memberSpan(child), offset));
  }
  return chain;
}

/** The innermost node at an offset, and whether the offset is on its key. */
export function nodeAt(
  root: TreeNode | undefined,
  offset: number,
): { readonly node: TreeNode; readonly onKey: boolean } | undefined {
  const node = nodesAt(root, offset).pop();
  if (node === undefined) {
    return undefined;
  }
  const onKey = contains(node.keySpan, offset) && !(node.type === 'scalar' && contains(node.span, offset));
  return { node, onKey };
}

/** The node at a path; undefined when the path does not exist. */
export function nodeAtPath(root: TreeNode | undefined, path: JsonPath): TreeNode | undefined {
  let node = root;
  for (const segment of path) {
    node = node?.children.find((child) => child.path[child.path.length - 1] === segment);
  }
  return node;
}

/** The plain value of a node (objects and arrays rebuilt from their children). */
export function plainValue(node: TreeNode | undefined): unknown {
  if (node === undefined) {
    return undefined;
  }
  if (node.type === 'object') {
    return Object.fromEntries(
      node.children.map((child) => [child.path[child.path.length - 1], plainValue(child)]),
    );
  }
  if (node.type === 'array') {
    return node.children.map(plainValue);
  }
  return node.value;
}

/** Calls `visit` on every node, parents before children. */
export function walkTree(root: TreeNode | undefined, visit: (node: TreeNode) => void): void {
  if (root === undefined) {
    return;
  }
  visit(root);
  for (const child of root.children) {
    walkTree(child, visit);
  }
}
