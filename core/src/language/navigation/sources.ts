import { formatOf, type DocumentFormat } from '../../document/documentFormat';
import { decodePointer } from '../../document/jsonPointer';
import type { JsonPath, Span } from '../../document/locator';
import type { ParseCache } from '../../document/yamlPieces';
import { treeFromPieces } from './pieces';
import { buildTree, plainValue, samePath, walkTree, type TreeNode } from './tree';

export { samePath } from './tree';

/** One YAML or JSON file as navigation reads it. */
export interface SourceFile {
  readonly uri: string;
  readonly text: string;
  readonly format: DocumentFormat;
  readonly tree: TreeNode | undefined;
  /** The plain value of the tree. */
  readonly root: unknown;
}

/**
 * The files navigation may read: open editors first, else the disk. `candidates` are the files searched for
 * references besides those a `$ref` reaches (open documents and the workspace's API project files).
 */
export interface NavigationSources {
  file(uri: string): SourceFile | undefined;
  candidates(): Iterable<string>;
  /** The other file(s) of a WSO2 API project: api.yaml for its Definitions/asyncapi.yaml, and back. */
  siblings(uri: string): readonly string[];
}

/** A place in a file that a `$ref` can point to: the file and the JSON pointer's path. */
export interface Place {
  readonly uri: string;
  readonly path: JsonPath;
}

/** A range of a file: what navigation answers with. */
export interface FileSpan {
  readonly uri: string;
  readonly span: Span;
}

/**
 * A file as navigation reads it. `cache`, the parse cache of an open YAML document, gives the tree from the
 * pieces it parsed when its last parse was of this text (a large document after an edit: only the edited
 * piece's part is built again); else the whole text is parsed.
 */
export function sourceFile(
  uri: string,
  text: string,
  format?: DocumentFormat,
  cache?: ParseCache,
): SourceFile | undefined {
  const chosen = format ?? formatOf(uri);
  if (chosen === undefined) {
    return undefined;
  }
  const tree = (chosen === 'yaml' ? treeFromPieces(cache, text) : undefined) ?? buildTree(text, chosen);
  let root: { readonly value: unknown } | undefined;
  return {
    uri,
    text,
    format: chosen,
    tree,
    // Read when asked: folding and selection ranges need only the tree.
    get root(): unknown {
      root ??= { value: plainValue(tree) };
      return root.value;
    },
  };
}

/** Where a `$ref` in a file points; undefined for what is not a file-relative or local reference. */
export function resolveRef(baseUri: string, ref: string): Place | undefined {
  const hash = ref.indexOf('#');
  const file = hash === -1 ? ref : ref.slice(0, hash);
  const path = decodePointer(hash === -1 ? '' : ref.slice(hash + 1));
  if (path === undefined || /^[a-z][a-z0-9+.-]*:/i.test(file)) {
    return undefined; // http: and other absolute references are not navigated
  }
  if (file === '') {
    return { uri: baseUri, path };
  }
  try {
    return { uri: new URL(file, baseUri).href, path };
  } catch {
    return undefined;
  }
}

/** A `$ref` of a file: its string node and where it points. */
export interface RefSite {
  readonly uri: string;
  readonly node: TreeNode;
  readonly ref: string;
  readonly target: Place;
}

const refCache = new WeakMap<SourceFile, RefSite[]>();

/** Every `$ref` of a file whose value is a reference navigation follows. */
export function refsIn(file: SourceFile): readonly RefSite[] {
  const cached = refCache.get(file);
  if (cached !== undefined) {
    return cached;
  }
  const sites: RefSite[] = [];
  walkTree(file.tree, (node) => {
    if (node.path[node.path.length - 1] === '$ref' && typeof node.value === 'string') {
      const target = resolveRef(file.uri, node.value);
      if (target !== undefined) {
        sites.push({ uri: file.uri, node, ref: node.value, target });
      }
    }
  });
  refCache.set(file, sites);
  return sites;
}

const MAX_FILES = 500;

/**
 * The files to search for references: the start files, the candidates, and every file their `$ref`s reach
 * (up to 500 files).
 */
export function searchedFiles(sources: NavigationSources, start: readonly string[]): SourceFile[] {
  const seen = new Set<string>();
  const files: SourceFile[] = [];
  const queue = [...start, ...sources.candidates()];
  while (queue.length > 0 && files.length < MAX_FILES) {
    const uri = queue.shift() as string;
    if (seen.has(uri)) {
      continue;
    }
    seen.add(uri);
    const file = sources.file(uri);
    if (file === undefined) {
      continue;
    }
    files.push(file);
    queue.push(...refsIn(file).map((site) => site.target.uri));
  }
  return files;
}

export function startsWithPath(path: JsonPath, prefix: JsonPath): boolean {
  return (
    prefix.length <= path.length && prefix.every((segment, index) => String(segment) === String(path[index]))
  );
}

export function samePlace(a: Place, b: Place): boolean {
  return a.uri === b.uri && samePath(a.path, b.path);
}
