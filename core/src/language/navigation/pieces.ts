import { isMap } from 'yaml';

import type { JsonPath, Span } from '../../document/locator';
import type { ParsedPiece, ParsedPieces, Piece, TopEntry, ParseCache } from '../../document/yamlPieces';
import { samePath, shiftTree, trimmedSpan, yamlTree, type TreeNode } from './tree';

/**
 * The navigation tree of a large YAML text assembled from the pieces its parse cache parsed last: each piece's
 * tree is built once (when navigation first asks) and kept with the piece, so that after a one-line edit only
 * the edited piece's tree is built from a parse; the others are copied, moved to their new offsets.
 *
 * Equal to `buildTree(text, 'yaml')`, or undefined when the pieces cannot promise that: the cache's last parse
 * was of another text or was not in pieces, a piece did not read as the cut expects, or a piece has a syntax
 * error (the parser may then read the whole text otherwise).
 */
export function treeFromPieces(cache: ParseCache | undefined, text: string): TreeNode | undefined {
  const pieces = cache?.piecesOf(text);
  if (pieces === undefined) {
    return undefined;
  }
  const level = readLevel(text, pieces, pieces.cut, []);
  if (level === undefined || level.children.length === 0) {
    return undefined;
  }
  return { path: [], type: 'object', span: trimmedSpan(text, level), children: level.children };
}

/** A piece's own tree: its root mapping, relative to the piece's text. */
interface PieceTree {
  readonly root: TreeNode;
  /** The root mapping's range in the piece, as the parser gives it (before trimming). */
  readonly range: Span;
  /** The root's members where the piece was last placed: reused while the piece stays there. */
  placed?: { readonly by: number; readonly under: JsonPath; readonly children: readonly TreeNode[] };
}

const pieceTrees = new WeakMap<ParsedPiece, PieceTree | undefined>();

function pieceTree(piece: Piece, parsed: ParsedPiece): PieceTree | undefined {
  if (pieceTrees.has(parsed)) {
    return pieceTrees.get(parsed);
  }
  const contents = parsed.document.contents;
  const root = yamlTree(piece.text, parsed.document);
  const clean = !parsed.problems.some((problem) => problem.severity === 'error');
  const tree =
    clean && isMap(contents) && contents.range !== undefined && root?.type === 'object'
      ? { root, range: { start: contents.range[0], end: contents.range[1] } }
      : undefined;
  pieceTrees.set(parsed, tree);
  return tree;
}

/** The members of one mapping read from its pieces, with where the mapping lies (before trimming). */
interface Level {
  readonly children: readonly TreeNode[];
  readonly start: number;
  readonly end: number;
}

/**
 * Reads the members of one mapping from its pieces as `readLevel` of the parse in pieces reads its values: a cut
 * entry from its key line and its entries when they read as the cut expects, else from the whole entry.
 * Duplicate keys are all kept, as in a tree of the whole text.
 */
function readLevel(
  text: string,
  pieces: ParsedPieces,
  nodes: readonly TopEntry[],
  under: JsonPath,
): Level | undefined {
  const children: TreeNode[] = [];
  let start = -1;
  let end = 0;
  for (const node of nodes) {
    const read = readCut(text, pieces, node, under) ?? readWhole(pieces, node.whole, under);
    if (read === undefined) {
      return undefined;
    }
    children.push(...read.children);
    start = start === -1 ? read.start : start;
    end = read.end;
  }
  return start === -1 ? undefined : { children, start, end };
}

function readWhole(pieces: ParsedPieces, piece: Piece, under: JsonPath): Level | undefined {
  const parsed = pieces.parsed(piece);
  const tree = parsed === undefined ? undefined : pieceTree(piece, parsed);
  if (tree === undefined) {
    return undefined;
  }
  // A piece before the edit keeps its place: its members are those of the last tree; one after it only moves.
  const placed = tree.placed;
  const moved = placed !== undefined && samePath(placed.under, under) ? placed : undefined;
  const children =
    moved === undefined
      ? tree.root.children.map((child) => shiftTree(child, piece.start, under))
      : moved.by === piece.start
        ? moved.children
        : moved.children.map((child) => shiftTree(child, piece.start - moved.by, []));
  tree.placed = { by: piece.start, under, children };
  return {
    children,
    start: tree.range.start + piece.start,
    end: tree.range.end + piece.start,
  };
}

/** A cut entry as one member: its key from the key line, its value a mapping of the entries' members. */
function readCut(text: string, pieces: ParsedPieces, node: TopEntry, under: JsonPath): Level | undefined {
  if (node.header === undefined || node.children === undefined) {
    return undefined;
  }
  const parsed = pieces.parsed(node.header);
  const header = parsed === undefined ? undefined : pieceTree(node.header, parsed);
  const [key, ...more] = header?.root.children ?? [];
  if (
    header === undefined ||
    key?.keySpan === undefined ||
    more.length > 0 ||
    key.type !== 'scalar' ||
    key.value !== null
  ) {
    return undefined;
  }
  const path = [...under, ...key.path];
  const members = readLevel(text, pieces, node.children, path);
  if (members === undefined) {
    return undefined;
  }
  const by = node.header.start;
  const member: TreeNode = {
    path,
    type: 'object',
    keySpan: { start: key.keySpan.start + by, end: key.keySpan.end + by },
    span: trimmedSpan(text, members),
    children: members.children,
  };
  return { children: [member], start: header.range.start + by, end: members.end };
}
