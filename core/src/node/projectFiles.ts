// Node-side helpers shared by the language server and the gateway (both Node processes): where apictl API
// projects are on disk. The rest of core stays free of I/O.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { API_FILE_NAMES, DEFINITION_FILE_NAMES } from '../wso2/projectLayout';

export { API_FILE_NAMES, DEFINITION_FILE_NAMES };

const SKIPPED_FOLDERS = new Set(['node_modules', 'out', 'dist']);

/**
 * The API project folders (folders with an api.yaml) at or below `folder`, down to `depth` levels, in name
 * order; a project's own subfolders are not searched, nor node_modules, build output or hidden folders.
 */
export function findProjectFolders(folder: string, depth: number): string[] {
  if (API_FILE_NAMES.some((name) => existsSync(join(folder, name)))) {
    return [folder];
  }
  if (depth === 0) {
    return [];
  }
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return []; // unreadable folders hold no project we can check
  }
  return entries
    .filter((entry) => entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => findProjectFolders(join(folder, entry.name), depth - 1));
}

/** The files of a project folder that exist: its api.yaml and its definition. */
export function projectFiles(folder: string): string[] {
  const first = (names: readonly string[]): string[] => {
    const found = names.map((name) => join(folder, name)).find((path) => existsSync(path));
    return found === undefined ? [] : [found];
  };
  return [...first(API_FILE_NAMES), ...first(DEFINITION_FILE_NAMES)];
}
