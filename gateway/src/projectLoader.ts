import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

import {
  followedVersion,
  formatOf,
  kindOf,
  NEWEST_WSO2_VERSION,
  parseDocument,
  readApiProject,
  readAsyncApiApi,
  type ParsedDocument,
  type FollowedVersion,
  type ProjectProblem,
  type Wso2Version,
} from '../../core/src';
import { API_FILE_NAMES, DEFINITION_FILE_NAMES, findProjectFolders } from '../../core/src/node/projectFiles';
import { routeConflicts, type ServedApi } from './routing';

const SEARCH_DEPTH = 4;

/** The APIs found in the paths, and what is worth telling the user about them. */
export interface LoadedProjects {
  readonly apis: readonly ServedApi[];
  /** Warnings and non-WebSocket projects left out, one line each. */
  readonly notes: readonly string[];
  /** Projects that cannot be served as they are: the others are served without them. */
  readonly skipped: readonly SkippedProject[];
}

/** A project left out, with every reason (`file:line:column: error: ...`, or the route clash). */
export interface SkippedProject {
  /** Its api.yaml (or AsyncAPI file, or folder) relative to the working folder. */
  readonly source: string;
  readonly reasons: readonly string[];
}

/**
 * Raised when nothing can be served: a PATH that names no project, or every project skipped. The message has
 * one line per problem, with file:line:column.
 */
export class ProjectLoadError extends Error {}

export interface LoadOptions {
  /** The APIs will be served from mock backends: an AsyncAPI file needs no ws/wss server. */
  readonly mock?: boolean;
  /** `--wso2-version`: every API answers as this version; absent: each as its api.yaml says. */
  readonly wso2Version?: Wso2Version;
}

/** What a PATH names: an API project folder, or an AsyncAPI file served on its own. */
type Source = { readonly folder: string } | { readonly asyncApi: ReadFile };

/**
 * Loads the API projects in the paths: an API project folder, its api.yaml, an AsyncAPI file (served on its
 * own, see readAsyncApiApi), or a folder searched a few levels deep for API projects (api.yaml only). A project
 * with errors, or on the base path of one before it, is skipped with its reasons and the others are served;
 * only a PATH that names no project, or nothing left to serve, stops the loading (every error at once).
 */
export function loadApiProjects(
  paths: readonly string[],
  cwd = process.cwd(),
  options: LoadOptions = {},
): LoadedProjects {
  const errors: string[] = [];
  const notes: string[] = [];
  const apis: ServedApi[] = [];
  const skipped: SkippedProject[] = [];
  const given =
    options.wso2Version === undefined ? undefined : { version: options.wso2Version, by: '--wso2-version' };
  const seen = new Set<string>();
  const sources = paths
    .flatMap((path) => sourcesOf(resolve(cwd, path), path, errors))
    .filter((source) => {
      const key = 'folder' in source ? source.folder : source.asyncApi.path;
      if (seen.has(key)) {
        return false;
      }
      seen.add(key);
      return true;
    });
  for (const source of sources) {
    const project =
      'folder' in source
        ? loadProject(source.folder, cwd)
        : loadAsyncApiFile(source.asyncApi, cwd, options.mock === true);
    notes.push(...project.notes);
    const clashes = project.api === undefined ? [] : routeConflicts([...apis, project.api]);
    const reasons = [...project.errors, ...clashes];
    if (reasons.length > 0) {
      skipped.push({ source: project.source, reasons });
    } else if (project.api !== undefined) {
      const follows: FollowedVersion =
        'folder' in source || given !== undefined
          ? followedVersion(project.api.api, given)
          : { version: NEWEST_WSO2_VERSION, because: 'the newest: an AsyncAPI file has no api.yaml' };
      apis.push({ ...project.api, follows });
    }
  }
  const unservable = apis.length === 0 ? skipped.flatMap((project) => project.reasons) : [];
  if (errors.length > 0 || unservable.length > 0) {
    throw new ProjectLoadError([...errors, ...unservable].join('\n'));
  }
  return { apis, notes, skipped };
}

/** One project as read: the API when it can be served, its errors and notes, and what to call it. */
interface LoadedProject {
  readonly source: string;
  readonly api?: ServedApi;
  readonly errors: string[];
  readonly notes: string[];
}

function sourcesOf(path: string, given: string, errors: string[]): Source[] {
  if (!existsSync(path)) {
    errors.push(
      `${given} does not exist: give an API project folder, its api.yaml, an AsyncAPI file, or a folder that holds projects.`,
    );
    return [];
  }
  if (statSync(path).isFile()) {
    if ((API_FILE_NAMES as readonly string[]).includes(basename(path))) {
      return [{ folder: dirname(path) }];
    }
    const file = readDocumentFile(path);
    if (file !== undefined && kindOf(file.parsed.root) === 'asyncapi') {
      return [{ asyncApi: file }];
    }
    errors.push(
      `${given} is neither an api.yaml nor an AsyncAPI document (a YAML or JSON file with a top-level 'asyncapi:' key): ` +
        'give the API project folder (the one with api.yaml) or an AsyncAPI file instead.',
    );
    return [];
  }
  const found = findProjectFolders(path, SEARCH_DEPTH);
  if (found.length === 0) {
    errors.push(
      `No API project (a folder with api.yaml) found in ${given} or ${SEARCH_DEPTH} levels below it. ` +
        'To serve an AsyncAPI file without api.yaml, give the file itself.',
    );
  }
  return found.map((folder) => ({ folder }));
}

/** An AsyncAPI file served on its own; without a ws/wss server it needs --mock. */
function loadAsyncApiFile(file: ReadFile, cwd: string, mock: boolean): LoadedProject {
  const source = relative(cwd, file.path);
  const reading = readAsyncApiApi(file.parsed);
  const where = (problem: ProjectProblem): string => {
    const { line, column } = lineColumn(file.text, problem.start);
    return `${source}:${line}:${column}: ${problem.severity}: ${problem.message}`;
  };
  const errors = reading.problems.filter((problem) => problem.severity === 'error').map(where);
  const notes = reading.problems.filter((problem) => problem.severity !== 'error').map(where);
  if (reading.kind !== 'ws') {
    return { source, errors, notes };
  }
  const { endpoints } = reading.api;
  if (!mock && endpoints.production === undefined && endpoints.sandbox === undefined) {
    errors.push(
      `${source}: no server with protocol ws or wss, so the gateway has no backend to forward to: ` +
        'add a server with protocol ws or wss, or run with --mock.',
    );
    return { source, errors, notes };
  }
  return { source, api: { api: reading.api, source }, errors, notes };
}

interface ReadFile {
  readonly path: string;
  readonly text: string;
  readonly parsed: ParsedDocument;
}

function loadProject(folder: string, cwd: string): LoadedProject {
  const apiFile = readFirst(folder, API_FILE_NAMES);
  if (apiFile === undefined) {
    const source = relative(cwd, folder) || '.';
    return { source, errors: [`${source} has no api.yaml.`], notes: [] };
  }
  const source = relative(cwd, apiFile.path);
  const asyncFile = readFirst(folder, DEFINITION_FILE_NAMES);
  const reading = readApiProject(apiFile.parsed, asyncFile?.parsed);
  const where = (problem: ProjectProblem): string => {
    const file = problem.file === 'api' ? apiFile : (asyncFile ?? apiFile);
    const { line, column } = lineColumn(file.text, problem.start);
    return `${relative(cwd, file.path)}:${line}:${column}: ${problem.severity}: ${problem.message}`;
  };
  const errors = reading.problems.filter((problem) => problem.severity === 'error').map(where);
  const notes = reading.problems.filter((problem) => problem.severity !== 'error').map(where);
  if (reading.kind === 'not-ws') {
    const type = reading.type === '' ? 'no type' : `type ${reading.type}`;
    notes.push(`${relative(cwd, apiFile.path)}: skipped: ${type}, not a WebSocket (WS) API.`);
  }
  if (reading.kind !== 'ws') {
    return { source, errors, notes };
  }
  return { source, api: { api: reading.api, source }, errors, notes };
}

function readFirst(folder: string, names: readonly string[]): ReadFile | undefined {
  for (const name of names) {
    const path = join(folder, name);
    if (existsSync(path)) {
      const file = readDocumentFile(path);
      if (file !== undefined) {
        return file;
      }
    }
  }
  return undefined;
}

/** A YAML or JSON file, read and parsed; undefined for any other file. */
function readDocumentFile(path: string): ReadFile | undefined {
  const format = formatOf(path);
  if (format === undefined) {
    return undefined;
  }
  const text = readFileSync(path, 'utf8');
  return { path, text, parsed: parseDocument(text, format) };
}

/** One-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
