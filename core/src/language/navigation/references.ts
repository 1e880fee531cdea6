import { majorVersion, readTopics } from '../../asyncapi/topics';
import { isRecord } from '../../document/documentKind';
import type { Span } from '../../document/locator';
import {
  refsIn,
  samePath,
  searchedFiles,
  startsWithPath,
  type FileSpan,
  type NavigationSources,
  type Place,
  type RefSite,
  type SourceFile,
} from './sources';
import { nodeAt, nodeAtPath, walkTree, type TreeNode } from './tree';

/** What the cursor is on: a place, named where it is declared or from elsewhere. */
export interface Subject {
  readonly place: Place;
  /** `declaration` on the key that declares the place; `reference` on a `$ref` or a name that points to it. */
  readonly from: 'declaration' | 'reference';
  /** What the cursor is on. */
  readonly span: Span;
}

/**
 * Where a place is named: its declaration (a key), `$ref`s to it, and names that point to it without a `$ref`
 * (api.yaml operation targets of a channel, AsyncAPI 2 channel `servers` and security requirements).
 */
export interface Occurrence extends FileSpan {
  readonly kind: 'declaration' | 'ref' | 'name';
  readonly node: TreeNode;
  /** For `ref`: the `$ref`. */
  readonly site?: RefSite;
}

/** The subject at an offset of a file; undefined where there is nothing to navigate. */
export function subjectAt(file: SourceFile, offset: number, sources: NavigationSources): Subject | undefined {
  const found = nodeAt(file.tree, offset);
  if (found === undefined) {
    return undefined;
  }
  const { node, onKey } = found;
  const path = node.path;
  if (!onKey && typeof node.value === 'string') {
    const site = refsIn(file).find((candidate) => candidate.node === node);
    if (site !== undefined) {
      return { place: site.target, from: 'reference', span: node.span };
    }
    const place = namedPlace(file, node, node.value, sources);
    if (place !== undefined) {
      return { place, from: 'reference', span: node.span };
    }
  }
  if (onKey && node.keySpan !== undefined) {
    const key = String(path[path.length - 1]);
    if (isSecurityRequirement(file, node)) {
      return {
        place: { uri: file.uri, path: ['components', 'securitySchemes', key] },
        from: 'reference',
        span: node.keySpan,
      };
    }
    return { place: { uri: file.uri, path }, from: 'declaration', span: node.keySpan };
  }
  if (path.length === 3 && path[0] === 'channels' && path[2] === 'address' && majorOf(file) === 3) {
    return { place: { uri: file.uri, path: path.slice(0, 2) }, from: 'declaration', span: node.span };
  }
  return undefined;
}

/** An api.yaml operation target (a topic of the project's definition) or an AsyncAPI 2 channel's server name. */
function namedPlace(
  file: SourceFile,
  node: TreeNode,
  value: string,
  sources: NavigationSources,
): Place | undefined {
  const path = node.path;
  if (isApiYaml(file) && path.length === 4 && path[1] === 'operations' && path[3] === 'target') {
    for (const uri of sources.siblings(file.uri)) {
      const definition = sources.file(uri);
      const topic = isRecord(definition?.root)
        ? readTopics(definition.root).find((candidate) => candidate.hasAddress && candidate.name === value)
        : undefined;
      if (topic !== undefined) {
        return { uri, path: topic.path };
      }
    }
    return undefined;
  }
  if (path.length === 4 && path[0] === 'channels' && path[2] === 'servers' && majorOf(file) === 2) {
    return { uri: file.uri, path: ['servers', value] };
  }
  return undefined;
}

function majorOf(file: SourceFile): 2 | 3 | undefined {
  return isRecord(file.root) ? majorVersion(file.root) : undefined;
}

export function isApiYaml(file: SourceFile): boolean {
  return isRecord(file.root) && file.root['type'] === 'api' && isRecord(file.root['data']);
}

/** A key of an AsyncAPI 2 security requirement (`security: [{oauth2: []}]`): it names a security scheme. */
function isSecurityRequirement(file: SourceFile, node: TreeNode): boolean {
  const path = node.path;
  return (
    majorOf(file) === 2 &&
    path.length >= 3 &&
    path[path.length - 3] === 'security' &&
    typeof path[path.length - 2] === 'number'
  );
}

/** Where a place is declared: its key (the start of the file for the whole file). */
export function declarationOf(place: Place, sources: NavigationSources): Occurrence | undefined {
  const file = sources.file(place.uri);
  const node = nodeAtPath(file?.tree, place.path);
  if (file === undefined || node === undefined) {
    return undefined;
  }
  const span = place.path.length === 0 ? { start: 0, end: 0 } : (node.keySpan ?? node.span);
  return { uri: file.uri, span, kind: 'declaration', node };
}

/**
 * Every occurrence of a place in the searched files. With `inside`, `$ref`s to what the place holds count too
 * (`#/components/messages/Chat/payload` for `#/components/messages/Chat`): what a rename must rewrite.
 */
export function occurrencesOf(
  place: Place,
  sources: NavigationSources,
  options: { readonly inside?: boolean } = {},
): Occurrence[] {
  const files = searchedFiles(sources, [place.uri]);
  const matches = options.inside === true ? startsWithPath : samePath;
  const found: Occurrence[] = [];
  const declaration = declarationOf(place, sources);
  if (declaration !== undefined) {
    found.push(declaration);
  }
  for (const file of files) {
    for (const site of refsIn(file)) {
      if (site.target.uri === place.uri && matches(site.target.path, place.path)) {
        found.push({ uri: file.uri, span: site.node.span, kind: 'ref', node: site.node, site });
      }
    }
  }
  const owner = files.find((file) => file.uri === place.uri);
  if (owner !== undefined) {
    found.push(...namesOf(owner, place, sources));
  }
  return found;
}

/** Names that point to a place without a `$ref`. */
function namesOf(file: SourceFile, place: Place, sources: NavigationSources): Occurrence[] {
  const [section, name] = place.path;
  const names: Occurrence[] = [];
  const push = (owner: SourceFile, node: TreeNode, span: Span): void => {
    names.push({ uri: owner.uri, span, kind: 'name', node });
  };
  if (place.path.length === 2 && section === 'channels') {
    const topic = isRecord(file.root)
      ? readTopics(file.root).find((candidate) => samePath(candidate.path, place.path))
      : undefined;
    for (const uri of topic?.hasAddress === true ? sources.siblings(file.uri) : []) {
      const api = sources.file(uri);
      if (api !== undefined && isApiYaml(api)) {
        walkTree(nodeAtPath(api.tree, ['data', 'operations']), (node) => {
          if (node.path[3] === 'target' && node.value === topic?.name) {
            push(api, node, node.span);
          }
        });
      }
    }
  }
  if (majorOf(file) === 2 && place.path.length === 2 && section === 'servers') {
    walkTree(nodeAtPath(file.tree, ['channels']), (node) => {
      if (node.path.length === 4 && node.path[2] === 'servers' && node.value === name) {
        push(file, node, node.span);
      }
    });
  }
  const isScheme = place.path.length === 3 && section === 'components' && name === 'securitySchemes';
  if (majorOf(file) === 2 && isScheme) {
    walkTree(file.tree, (node) => {
      if (isSecurityRequirement(file, node) && node.path[node.path.length - 1] === place.path[2]) {
        push(file, node, node.keySpan ?? node.span);
      }
    });
  }
  return names;
}

/**
 * Go to definition: from a `$ref` or a name to what it names; from a channel's declaration to the api.yaml
 * operations of its topic (the other half of a WSO2 project).
 */
export function findDefinition(file: SourceFile, offset: number, sources: NavigationSources): FileSpan[] {
  const subject = subjectAt(file, offset, sources);
  if (subject === undefined) {
    return [];
  }
  if (subject.from === 'reference') {
    const declaration = declarationOf(subject.place, sources);
    return declaration === undefined ? [] : [{ uri: declaration.uri, span: declaration.span }];
  }
  if (subject.place.path.length === 2 && subject.place.path[0] === 'channels') {
    return namesOf(file, subject.place, sources)
      .filter((occurrence) => occurrence.uri !== file.uri)
      .map(({ uri, span }) => ({ uri, span }));
  }
  return [];
}

/** Find references: every occurrence of what the cursor is on, the declaration only when asked for. */
export function findReferences(
  file: SourceFile,
  offset: number,
  sources: NavigationSources,
  includeDeclaration: boolean,
): FileSpan[] {
  const subject = subjectAt(file, offset, sources);
  if (subject === undefined) {
    return [];
  }
  return occurrencesOf(subject.place, sources)
    .filter((occurrence) => includeDeclaration || occurrence.kind !== 'declaration')
    .map(({ uri, span }) => ({ uri, span }));
}

/** Document highlights: the occurrences in this file of what the cursor is on. */
export function findDocumentHighlights(
  file: SourceFile,
  offset: number,
  sources: NavigationSources,
): Array<{ readonly span: Span; readonly kind: 'declaration' | 'reference' }> {
  const subject = subjectAt(file, offset, sources);
  if (subject === undefined) {
    return [];
  }
  const occurrences = occurrencesOf(subject.place, sources).filter(
    (occurrence) => occurrence.uri === file.uri,
  );
  if (
    occurrences.length === 0 ||
    !occurrences.some((occurrence) => overlaps(occurrence.span, subject.span))
  ) {
    return [];
  }
  return occurrences.map(({ span, kind }) => ({
    span,
    kind: kind === 'declaration' ? 'declaration' : 'reference',
  }));
}

function overlaps(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}
