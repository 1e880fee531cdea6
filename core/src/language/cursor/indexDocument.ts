import {
  findNodeAtLocation,
  findNodeAtOffset,
  getLocation,
  getNodePath,
  parseTree,
  type Node as JsonNode,
} from 'jsonc-parser';

import type { DocumentFormat } from '../../document/documentFormat';
import type { JsonPath, Span } from '../../document/locator';
import type { CursorContext, DocumentIndex, NodeAtOffset } from './types';
import { YamlIndex } from './yamlIndex';

/** Reads a text; `previous`, the index of the same document's previous version, saves reading unchanged lines. */
export function indexDocument(text: string, format: DocumentFormat, previous?: DocumentIndex): DocumentIndex {
  if (format === 'json') {
    return new JsonIndex(text);
  }
  return new YamlIndex(text, previous instanceof YamlIndex ? previous : undefined);
}

class JsonIndex implements DocumentIndex {
  readonly format = 'json' as const;
  private readonly root: JsonNode | undefined;

  constructor(readonly text: string) {
    this.root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  }

  contextAt(offset: number): CursorContext | undefined {
    const location = getLocation(this.text, offset);
    const previous = location.previousNode;
    const inString =
      (previous?.type === 'string' || previous?.type === 'property') &&
      offset > previous.offset &&
      offset <= previous.offset + previous.length;
    const stringSpan = inString
      ? { start: previous.offset, end: previous.offset + previous.length }
      : undefined;
    const prefix = inString ? this.text.slice(previous.offset + 1, offset) : '';
    const replace = stringSpan ?? { start: offset, end: offset };
    const common = { prefix, replace, flow: true, mayBeValue: false, hasColon: false };
    const quote = inString ? ('"' as const) : undefined;
    if (location.isAtPropertyKey) {
      const path = location.path.slice(0, -1);
      const hasColon = /^\s*"?[^"]*"?\s*:/.test(this.text.slice(offset));
      const typed = inString ? String(previous.value) : undefined;
      const present = (this.keysAt(path) ?? []).filter((key) => key !== typed);
      return { ...common, kind: 'key', path, present, quote, hasColon };
    }
    if (!inString && previous !== undefined && previous.type !== 'property') {
      // Right after a complete value: nothing to complete.
      const end = previous.offset + previous.length;
      if (offset === end && previous.type !== 'object' && previous.type !== 'array') {
        return undefined;
      }
    }
    return { ...common, kind: 'value', path: location.path, present: [], quote };
  }

  nodeAt(offset: number): NodeAtOffset | undefined {
    const node = this.root && findNodeAtOffset(this.root, offset, true);
    if (node === undefined || node.type === 'object' || node.type === 'array') {
      return undefined;
    }
    const span = { start: node.offset, end: node.offset + node.length };
    const property = node.parent?.type === 'property' ? node.parent : undefined;
    const isKey = property?.children?.[0] === node;
    const value: unknown = node.value;
    const text = typeof value === 'string' ? value : String(value);
    return { kind: isKey ? 'key' : 'value', path: getNodePath(node), span, text };
  }

  keysAt(path: JsonPath): string[] | undefined {
    const node = this.nodeAtPath(path);
    if (node?.type !== 'object') {
      return undefined;
    }
    return (node.children ?? []).map((property) => String(property.children?.[0]?.value));
  }

  scalarAt(path: JsonPath): string | undefined {
    const node = this.nodeAtPath(path);
    if (node === undefined || node.type === 'object' || node.type === 'array') {
      return undefined;
    }
    return String(node.value);
  }

  sourceAt(path: JsonPath): { text: string; span: Span } | undefined {
    const node = this.nodeAtPath(path);
    if (node === undefined) {
      return undefined;
    }
    const owner = node.parent?.type === 'property' ? node.parent : node;
    const span = { start: owner.offset, end: owner.offset + owner.length };
    return { text: this.text.slice(span.start, span.end), span };
  }

  private nodeAtPath(path: JsonPath): JsonNode | undefined {
    return this.root && findNodeAtLocation(this.root, [...path]);
  }
}
