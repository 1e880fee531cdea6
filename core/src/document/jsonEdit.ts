import { parseTree, type Node as JsonNode, type NodeType, type ParseError } from 'jsonc-parser';

import { changedSpan } from './textChange';

/** A node of jsonc-parser's tree, which is read-only for its users, while it is put together here. */
interface Editing {
  type: NodeType;
  value?: unknown;
  offset: number;
  length: number;
  colonOffset?: number;
  parent?: Editing;
  children?: Editing[];
}

/**
 * The tree of `text` made from `tree`, the tree of `before` (a strict JSON text that read without errors), after
 * an edit: only the innermost object or array whose brackets hold the whole change is parsed again. The nodes
 * before the change are kept (linked to their new parents), those after it are copied at their new offsets, and
 * the ancestors of the change are new. Undefined when that container does not read again as strict JSON of the
 * same kind, or nothing holds the change: then the whole text is to be parsed (which says what is wrong).
 */
export function reparseJson(before: string, root: JsonNode, text: string): JsonNode | undefined {
  const tree: Editing = root;
  const { start, end } = changedSpan(before, text); // the change replaces [start, end) of `before`
  const delta = text.length - before.length;

  // The nodes that hold the change, from the root down, and the innermost container holding it inside its brackets.
  const path: Editing[] = [];
  let container = -1;
  for (let node: Editing | undefined = tree; node !== undefined;) {
    path.push(node);
    if (
      (node.type === 'object' || node.type === 'array') &&
      node.offset < start &&
      end < node.offset + node.length
    ) {
      container = path.length - 1;
    }
    node = node.children?.find((child) => child.offset <= start && end <= child.offset + child.length);
  }
  const old = path[container];
  if (old === undefined || !(tree.offset <= start && end <= tree.offset + tree.length)) {
    return undefined;
  }
  const slice = text.slice(old.offset, old.offset + old.length + delta);
  const errors: ParseError[] = [];
  const fresh = parseTree(slice, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || fresh === undefined || fresh.type !== old.type || fresh.length !== slice.length) {
    return undefined;
  }
  move(fresh, old.offset);
  let replaced: Editing = fresh;
  for (let depth = container - 1; depth >= 0; depth--) {
    const ancestor = path[depth];
    const child = path[depth + 1];
    const copy: Editing = { ...ancestor, length: ancestor.length + delta };
    copy.children = (ancestor.children ?? []).map((sibling) =>
      sibling === child ? replaced : sibling.offset >= end ? moved(sibling, delta) : sibling,
    );
    for (const sibling of copy.children) {
      sibling.parent = copy;
    }
    replaced = copy;
  }
  delete replaced.parent;
  return replaced;
}

/** Moves a subtree `by` characters, in place. */
function move(node: Editing, by: number): void {
  node.offset += by;
  if (node.colonOffset !== undefined) {
    node.colonOffset += by;
  }
  for (const child of node.children ?? []) {
    move(child, by);
  }
}

/** A copy of a subtree, `by` characters further. */
function moved(node: Editing, by: number): Editing {
  const copy: Editing = { ...node, offset: node.offset + by };
  if (node.colonOffset !== undefined) {
    copy.colonOffset = node.colonOffset + by;
  }
  if (node.children !== undefined) {
    copy.children = node.children.map((child) => {
      const childCopy = moved(child, by);
      childCopy.parent = copy;
      return childCopy;
    });
  }
  return copy;
}
