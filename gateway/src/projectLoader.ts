import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

import {
  formatOf,
  parseDocument,
  readApiProject,
  type ParsedDocument,
  type ProjectProblem,
} from '../../core/src';
import { API_FILE_NAMES, DEFINITION_FILE_NAMES, findProjectFolders } from '../../core/src/node/projectFiles';
import type { ServedApi } from './routing';

const SEARCH_DEPTH = 4;

/** The APIs found in the paths, and what is worth telling the user about them. */
export interface LoadedProjects {
  readonly apis: readonly ServedApi[];
  /** Warnings and skipped projects, one line each. */
  readonly notes: readonly string[];
}

/** Raised when a project cannot be served; the message has one line per problem, with file:line:column. */
export class ProjectLoadError extends Error {}

/**
 * Loads the API projects in the paths: an API project folder, its api.yaml, or a folder searched a few levels
 * deep for API projects. Every error of every project is reported at once.
 */
export function loadApiProjects(paths: readonly string[], cwd = process.cwd()): LoadedProjects {
  const errors: string[] = [];
  const notes: string[] = [];
  const apis: ServedApi[] = [];
  const folders = [...new Set(paths.flatMap((path) => projectFolders(resolve(cwd, path), path, errors)))];
  for (const folder of folders) {
    const project = loadProject(folder, cwd);
    errors.push(...project.errors);
    notes.push(...project.notes);
    if (project.api !== undefined) {
      apis.push(project.api);
    }
  }
  if (errors.length > 0) {
    throw new ProjectLoadError(errors.join('\n'));
  }
  return { apis, notes };
}

function projectFolders(path: string, given: string, errors: string[]): string[] {
  if (!existsSync(path)) {
    errors.push(
      `${given} does not exist: give an API project folder, its api.yaml, or a folder that holds them.`,
    );
    return [];
  }
  if (statSync(path).isFile()) {
    if ((API_FILE_NAMES as readonly string[]).includes(basename(path))) {
      return [dirname(path)];
    }
    errors.push(`${given} is not an api.yaml: give the API project folder (the one with api.yaml) instead.`);
    return [];
  }
  const found = findProjectFolders(path, SEARCH_DEPTH);
  if (found.length === 0) {
    errors.push(
      `No API project (a folder with api.yaml) found in ${given} or ${SEARCH_DEPTH} levels below it.`,
    );
  }
  return found;
}

interface ReadFile {
  readonly path: string;
  readonly text: string;
  readonly parsed: ParsedDocument;
}

function loadProject(folder: string, cwd: string): { api?: ServedApi; errors: string[]; notes: string[] } {
  const apiFile = readFirst(folder, API_FILE_NAMES);
  if (apiFile === undefined) {
    return { errors: [`${relative(cwd, folder) || '.'} has no api.yaml.`], notes: [] };
  }
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
    return { errors, notes };
  }
  return { api: { api: reading.api, source: relative(cwd, apiFile.path) }, errors, notes };
}

function readFirst(folder: string, names: readonly string[]): ReadFile | undefined {
  for (const name of names) {
    const path = join(folder, name);
    const format = formatOf(path);
    if (format !== undefined && existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      return { path, text, parsed: parseDocument(text, format) };
    }
  }
  return undefined;
}

/** One-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
