// What a design command was given, before any question is asked: an argument object (from code or a test), a
// row of the WebSocket APIs view, or a file of the Explorer. No VS Code API here: tested as data.
import { isRecord } from '../../../core/src/document/documentKind';
import { DESIGN_COMMANDS, type DesignCommand } from '../../../core/src/design/commands';

/** The fields of every design command's argument object (see core/src/design/commands.ts). */
export type DesignArgs = Readonly<Record<string, unknown>>;

/** Where the command was run from. */
export type Invocation = 'arguments' | 'view' | 'palette';

export interface GivenArguments {
  readonly args: DesignArgs;
  readonly from: Invocation;
}

export function isDesignCommand(command: string): command is DesignCommand {
  return (Object.values(DESIGN_COMMANDS) as string[]).includes(command);
}

/**
 * The argument object of a run: the first argument when it is an object; a view row gives its project (and
 * topic); an Explorer file (a URI with `scheme` and `path`) is the source of an import, else the project.
 */
export function givenArguments(command: DesignCommand, first: unknown): GivenArguments {
  if (isViewRow(first)) {
    const topic = first.kind === 'topic' && isRecord(first.topic) ? first.topic.name : undefined;
    return {
      args: { project: first.project.folder, ...(typeof topic === 'string' && { topic }) },
      from: 'view',
    };
  }
  if (isFileUri(first)) {
    const uri = first.toString();
    return {
      args: command === DESIGN_COMMANDS.importAsyncApi ? { source: uri } : { project: uri },
      from: 'view',
    };
  }
  return isRecord(first) ? { args: first, from: 'arguments' } : { args: {}, from: 'palette' };
}

/** The fields a command cannot run without; when all are given, nothing is asked. */
export function missingFields(command: DesignCommand, args: DesignArgs): string[] {
  const has = (field: string): boolean => args[field] !== undefined && args[field] !== '';
  const required: Record<DesignCommand, readonly string[]> = {
    'wsapi.createApi': ['folder', 'name', 'context', 'version', 'endpoint'],
    'wsapi.addTopic': ['project', 'topic'],
    'wsapi.deleteTopic': ['project', 'topic'],
    'wsapi.setAuth':
      has('topic') || has('authType') ? ['project', 'topic', 'authType'] : ['project', 'security'],
    'wsapi.importAsyncApi': ['source', 'folder', 'context', 'endpoint'],
    'wsapi.exportAsyncApi': ['project', 'format', 'target'],
    'wsapi.exportApiProject': ['project', 'target'],
  };
  return required[command].filter((field) => !has(field));
}

/** A suggested context for an API name: `Chat Rooms` → `/chat-rooms`. */
export function suggestedContext(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `/${slug}`;
}

interface ViewRow {
  readonly kind: 'project' | 'topic';
  readonly project: { readonly folder: string };
  readonly topic?: unknown;
}

function isViewRow(value: unknown): value is ViewRow {
  return (
    isRecord(value) &&
    (value.kind === 'project' || value.kind === 'topic') &&
    isRecord(value.project) &&
    typeof value.project.folder === 'string'
  );
}

function isFileUri(value: unknown): value is { toString(): string } {
  return isRecord(value) && typeof value.scheme === 'string' && typeof value.path === 'string';
}
