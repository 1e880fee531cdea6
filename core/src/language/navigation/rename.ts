import { stringify } from 'yaml';

import { changedSpan } from '../../design/project';
import type { DocumentFormat } from '../../document/documentFormat';
import { encodePointer } from '../../document/jsonPointer';
import type { JsonPath, Span } from '../../document/locator';
import type { NavigationSources, SourceFile } from './sources';
import { nodeAtPath } from './tree';
import { occurrencesOf, subjectAt, type Subject } from './references';

/** A replacement of a range of a file's text. */
export interface FileEdit {
  readonly uri: string;
  readonly span: Span;
  readonly newText: string;
}

/** What may be renamed: the name it has and the range of the text the cursor is on. */
export interface RenameTarget {
  readonly span: Span;
  readonly placeholder: string;
}

export type RenameResult = { readonly edits: FileEdit[] } | { readonly error: string };

/** Components, AsyncAPI 3 channel messages, channels, servers and AsyncAPI 3 operations have renameable names. */
function isRenameable(path: JsonPath): boolean {
  const [section] = path;
  return (
    (path.length === 3 && section === 'components') ||
    (path.length === 2 && (section === 'channels' || section === 'servers' || section === 'operations')) ||
    (path.length === 4 && section === 'channels' && path[2] === 'messages')
  );
}

function renameableSubject(
  file: SourceFile,
  offset: number,
  sources: NavigationSources,
): Subject | { readonly error: string } {
  const subject = subjectAt(file, offset, sources);
  if (subject === undefined || !isRenameable(subject.place.path)) {
    return { error: 'Only a component, message, channel, server or operation can be renamed here.' };
  }
  if (nodeAtPath(sources.file(subject.place.uri)?.tree, subject.place.path) === undefined) {
    return {
      error: `'${String(subject.place.path[subject.place.path.length - 1])}' is not declared anywhere.`,
    };
  }
  return subject;
}

/** prepareRename: the name under the cursor, or why it cannot be renamed. */
export function prepareRename(
  file: SourceFile,
  offset: number,
  sources: NavigationSources,
): RenameTarget | { readonly error: string } {
  const subject = renameableSubject(file, offset, sources);
  if ('error' in subject) {
    return subject;
  }
  return { span: subject.span, placeholder: String(subject.place.path[subject.place.path.length - 1]) };
}

/**
 * Renames what the cursor is on, everywhere: its key, every `$ref` to it or into it in every searched file, and
 * the names that point to it (an AsyncAPI 2 channel's api.yaml operation targets, server names, security
 * requirements).
 */
export function rename(
  file: SourceFile,
  offset: number,
  newName: string,
  sources: NavigationSources,
): RenameResult {
  const subject = renameableSubject(file, offset, sources);
  if ('error' in subject) {
    return subject;
  }
  const { place } = subject;
  const name = newName.trim();
  const parentPath = place.path.slice(0, -1);
  const owner = sources.file(place.uri);
  if (name === '') {
    return { error: 'The new name is empty.' };
  }
  const oldName = String(place.path[place.path.length - 1]);
  if (name !== oldName && nodeAtPath(owner?.tree, [...parentPath, name]) !== undefined) {
    return { error: `'${parentPath.join('.')}' already has '${name}': pick another name.` };
  }
  const newPath = [...parentPath, name];
  const edits = new Map<string, FileEdit>();
  for (const occurrence of occurrencesOf(place, sources, { inside: true })) {
    const text = sources.file(occurrence.uri);
    if (text === undefined) {
      continue;
    }
    const named = occurrence.node.value ?? occurrence.node.path[occurrence.node.path.length - 1];
    if (occurrence.kind === 'name' && String(named) !== oldName) {
      continue; // an AsyncAPI 3 channel's api.yaml targets name its address, not its key
    }
    const raw = text.text.slice(occurrence.span.start, occurrence.span.end);
    let value = name;
    if (occurrence.site !== undefined) {
      const { ref, target } = occurrence.site;
      const hash = ref.indexOf('#');
      value = `${hash === -1 ? ref : ref.slice(0, hash)}#${encodePointer([...newPath, ...target.path.slice(place.path.length)])}`;
    }
    const newText = scalarText(raw, value, text.format);
    edits.set(`${occurrence.uri} ${occurrence.span.start}`, {
      uri: occurrence.uri,
      span: occurrence.span,
      newText,
    });
  }
  return { edits: [...edits.values()] };
}

/**
 * The text of a YAML or JSON string (key or value) in the quoting of the text it replaces: JSON strings,
 * YAML single- or double-quoted as before, plain YAML when the value can be written plain.
 */
export function scalarText(raw: string, value: string, format: DocumentFormat): string {
  if (format === 'json' || raw.startsWith('"')) {
    return JSON.stringify(value);
  }
  if (raw.startsWith("'") || stringify(value, { lineWidth: 0 }).trimEnd() !== value) {
    return `'${value.replace(/'/g, "''")}'`;
  }
  return value;
}

/** One edit from a text to its edited version: the part between the common start and the common end. */
export function diffEdit(uri: string, before: string, after: string): FileEdit[] {
  if (before === after) {
    return [];
  }
  const { start, end, newText } = changedSpan(before, after);
  return [{ uri, span: { start, end }, newText }];
}
