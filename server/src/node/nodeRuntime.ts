import { mkdir, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { findProjectFolders, projectFiles } from '../../../core/src/node/projectFiles';

import type { RuntimeEnvironment } from '../runtime';

export const nodeTimer: RuntimeEnvironment['timer'] = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(handle) };
  },
  setImmediate(callback) {
    const handle = setImmediate(callback);
    return { dispose: () => clearImmediate(handle) };
  },
};

/** Reads a file: URI from disk; undefined when it is missing, unreadable or not a file: URI. */
export function readFileUri(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? readFileSync(fileURLToPath(uri), 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a file: URI to disk, creating its folder. */
export async function writeFileUri(uri: string, content: Uint8Array): Promise<void> {
  if (!uri.startsWith('file:')) {
    throw new Error(`only file: URIs can be written, not ${uri}`);
  }
  const path = fileURLToPath(uri);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
}

/** Makes a file: URI folder and the folders above it. */
export async function createDirectoryUri(uri: string): Promise<void> {
  if (!uri.startsWith('file:')) {
    throw new Error(`only file: URIs can be made folders, not ${uri}`);
  }
  await mkdir(fileURLToPath(uri), { recursive: true });
}

/** The entries of a file: URI folder, for `$ref` completion; undefined when it is missing or unreadable. */
export function listDirectoryUri(uri: string): Array<{ name: string; directory: boolean }> | undefined {
  try {
    if (!uri.startsWith('file:')) {
      return undefined;
    }
    return readdirSync(fileURLToPath(uri), { withFileTypes: true }).map((entry) => ({
      name: entry.name,
      directory: entry.isDirectory(),
    }));
  } catch {
    return undefined;
  }
}

/** How deep below a workspace folder API projects are looked for. */
const PROJECT_SEARCH_DEPTH = 6;

/** The api.yaml and definition files of the API projects under the workspace folders, as file: URIs. */
export function findProjectFileUris(folders: readonly string[]): string[] {
  return folders
    .filter((folder) => folder.startsWith('file:'))
    .flatMap((folder) => findProjectFolders(fileURLToPath(folder), PROJECT_SEARCH_DEPTH))
    .flatMap(projectFiles)
    .map((path) => pathToFileURL(path).href);
}
