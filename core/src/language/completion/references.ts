import { formatOf } from '../../document/documentFormat';
import { decodeSegment, encodePointer } from '../../document/jsonPointer';
import type { JsonPath } from '../../document/locator';
import type { AssistDocument, AssistEnvironment, CompletionEntry } from './types';
import { indexDocument } from '../cursor/indexDocument';
import type { CursorContext, DocumentIndex } from '../cursor/types';

/** The cursor is on the value of a `$ref`. */
export function isReferencePosition(context: CursorContext): boolean {
  return context.kind === 'value' && context.path[context.path.length - 1] === '$ref';
}

/** How a reference is written where a whole Reference Object is expected (`channel: |`). */
export function referenceInsert(format: 'yaml' | 'json'): (target: string) => string {
  return format === 'json'
    ? (target) => `{ "$ref": ${JSON.stringify(target)} }`
    : (target) => `{ $ref: '${target}' }`;
}

const FILE_EXTENSIONS = /\.(?:ya?ml|json)$/i;

/**
 * `$ref` targets: `#/components/...` and `#/channels/...` of the document (the kind the position expects first),
 * other YAML/JSON files beside it, and the components inside those files.
 */
export function completeReference(
  document: AssistDocument,
  context: CursorContext,
  environment: AssistEnvironment,
  wrap?: (target: string) => string,
): CompletionEntry[] {
  const format = document.index.format;
  const quoteTarget = (target: string): string =>
    format === 'json' ? JSON.stringify(target) : `'${target.replace(/'/g, "''")}'`;
  const write = wrap ?? quoteTarget;
  const prefix = wrap === undefined ? context.prefix : '';
  const refPath = wrap === undefined ? context.path.slice(0, -1) : context.path;
  const hash = prefix.indexOf('#');
  const entry = (
    target: string,
    sortText: string,
    kind: CompletionEntry['kind'] = 'reference',
  ): CompletionEntry => {
    const insert = write(target);
    return {
      label: target,
      kind,
      insert,
      snippet: false,
      replace: context.replace,
      sortText,
      filterText: insert,
    };
  };
  if (hash > 0) {
    const file = prefix.slice(0, hash);
    const other = readIndex(document.uri, file, environment);
    return other === undefined
      ? []
      : targetsOf(other, majorOf(document)).map((pointer) => entry(`${file}${pointer}`, `1${pointer}`));
  }
  const local = hash === 0 || prefix === '' ? localTargets(document, refPath) : [];
  const files = hash === -1 ? fileTargets(document.uri, prefix, environment) : [];
  return [
    ...local.map(({ pointer, expected }) => entry(pointer, `${expected ? '0' : '1'}${pointer}`)),
    ...files.map((file) => ({
      ...entry(file.path, `2${file.path}`, file.directory ? 'folder' : 'file'),
      ...(file.directory && { retrigger: true }),
    })),
  ];
}

function localTargets(
  document: AssistDocument,
  refPath: JsonPath,
): Array<{ pointer: string; expected: boolean }> {
  const expected = expectedPrefixes(document, refPath) ?? [];
  // Only the section the position expects is read when it has entries: a large document has thousands of targets.
  const matching = expected.flatMap((prefix) => {
    const section = pathOfPointer(prefix) ?? [];
    return (document.index.keysAt(section) ?? []).map((name) => pointerOf([...section, name]));
  });
  if (matching.length > 0) {
    return matching.map((pointer) => ({ pointer, expected: true }));
  }
  return targetsOf(document.index, majorOf(document)).map((pointer) => ({ pointer, expected: false }));
}

function majorOf(document: AssistDocument): 2 | 3 {
  return document.version?.startsWith('3') === true ? 3 : 2;
}

const targetCache = new WeakMap<DocumentIndex, string[]>();

/** Every pointer a `$ref` may name in a document: its components, channels, and (3.x) servers and operations. */
export function targetsOf(index: DocumentIndex, major: 2 | 3): string[] {
  const cached = targetCache.get(index);
  if (cached !== undefined) {
    return cached;
  }
  const pointers: string[] = [];
  const under = (path: string[]): string[] => index.keysAt(path) ?? [];
  for (const kind of under(['components'])) {
    pointers.push(...under(['components', kind]).map((name) => pointerOf(['components', kind, name])));
  }
  for (const channel of under(['channels'])) {
    pointers.push(pointerOf(['channels', channel]));
    if (major === 3) {
      pointers.push(
        ...under(['channels', channel, 'messages']).map((name) =>
          pointerOf(['channels', channel, 'messages', name]),
        ),
      );
    }
  }
  if (major === 3) {
    for (const section of ['servers', 'operations']) {
      pointers.push(...under([section]).map((name) => pointerOf([section, name])));
    }
  }
  if (pointers.length === 0 && index.scalarAt(['asyncapi']) === undefined) {
    // Another kind of file (a schema file): its top-level entries and what they hold.
    for (const key of under([])) {
      pointers.push(pointerOf([key]), ...under([key]).map((child) => pointerOf([key, child])));
    }
  }
  targetCache.set(index, pointers);
  return pointers;
}

/** `['channels', '/rooms/{id}']` → `#/channels/~1rooms~1{id}`. */
export function pointerOf(path: readonly string[]): string {
  return `#${encodePointer(path)}`;
}

/** `#/channels/~1rooms` → `['channels', '/rooms']`; undefined when it is not a local pointer. */
export function pathOfPointer(pointer: string): string[] | undefined {
  if (!pointer.startsWith('#')) {
    return undefined;
  }
  return pointer
    .slice(1)
    .split('/')
    .filter((part) => part !== '')
    .map((part) => decodeSegment(decodeSafely(part)));
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The pointer prefixes a reference at `path` (the Reference Object's own path) should name. */
function expectedPrefixes(document: AssistDocument, path: JsonPath): string[] | undefined {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  const major = majorOf(document);
  if (path[0] === 'components' && path.length === 3) {
    return [`#/components/${String(path[1])}/`];
  }
  if (major === 3) {
    if (last === 'channel') {
      return ['#/channels/'];
    }
    if (parent === 'servers' && typeof last === 'number') {
      return ['#/servers/'];
    }
    if (path[0] === 'operations' && path[2] === 'messages' && typeof last === 'number') {
      const channel = document.index.scalarAt(['operations', path[1] ?? '', 'channel', '$ref']);
      return [channel === undefined ? '#/channels/' : `${channel}/messages/`];
    }
    if ((path[0] === 'channels' || path[0] === 'servers' || path[0] === 'operations') && path.length === 2) {
      return [`#/components/${path[0]}/`];
    }
  }
  if (last === 'message' || parent === 'messages') {
    return ['#/components/messages/'];
  }
  if (last === 'payload' || last === 'schema' || last === 'items' || parent === 'properties') {
    return ['#/components/schemas/'];
  }
  if (parent === 'parameters') {
    return ['#/components/parameters/'];
  }
  if (parent === 'traits') {
    return [
      path.includes('message') || path.includes('messages')
        ? '#/components/messageTraits/'
        : '#/components/operationTraits/',
    ];
  }
  if (parent === 'securitySchemes') {
    return ['#/components/securitySchemes/'];
  }
  if (last === 'correlationId') {
    return ['#/components/correlationIds/'];
  }
  if (path[0] === 'channels' && path.length === 2) {
    return ['#/components/channels/'];
  }
  return undefined;
}

function readIndex(base: string, file: string, environment: AssistEnvironment): DocumentIndex | undefined {
  const uri = resolveUri(base, file);
  const text = uri === undefined ? undefined : environment.readFile?.(uri);
  const format = formatOf(file);
  return text === undefined || format === undefined ? undefined : indexDocument(text, format);
}

/** YAML and JSON files (and folders) next to the document, for `$ref: './` and `$ref: 'common/`. */
function fileTargets(
  documentUri: string,
  prefix: string,
  environment: AssistEnvironment,
): Array<{ path: string; directory: boolean }> {
  const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const uri = resolveUri(documentUri, folder === '' ? './' : folder);
  const entries = uri === undefined ? undefined : environment.listDirectory?.(uri);
  const own = documentUri.slice(documentUri.lastIndexOf('/') + 1);
  return (entries ?? [])
    .filter((entry) => (entry.directory ? !entry.name.startsWith('.') : FILE_EXTENSIONS.test(entry.name)))
    .filter((entry) => !(folder === '' && entry.name === decodeSafely(own)))
    .map((entry) => {
      const written = `${folder === '' && !prefix.startsWith('.') ? './' : folder}${entry.name}`;
      return { path: entry.directory ? `${written}/` : written, directory: entry.directory };
    });
}

/** A relative file reference resolved against the document's URI; undefined when it cannot be. */
export function resolveUri(base: string, relative: string): string | undefined {
  try {
    return new URL(relative, base).href;
  } catch {
    return undefined;
  }
}
