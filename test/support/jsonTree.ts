import type { Node as JsonNode } from 'jsonc-parser';

/** A jsonc-parser tree without its parent links, to compare. */
export interface PlainJson {
  type: string;
  value?: unknown;
  offset: number;
  length: number;
  colonOffset?: number;
  children?: PlainJson[];
}

export function plainJson(node: JsonNode | undefined): PlainJson | undefined {
  if (node === undefined) {
    return undefined;
  }
  return {
    type: node.type,
    offset: node.offset,
    length: node.length,
    ...(node.value !== undefined && { value: node.value as unknown }),
    ...(node.colonOffset !== undefined && { colonOffset: node.colonOffset }),
    ...(node.children !== undefined && {
      children: node.children.map((child) => plainJson(child) as PlainJson),
    }),
  };
}
