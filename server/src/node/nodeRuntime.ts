import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { RuntimeEnvironment } from '../languageServer';

export const nodeTimer: RuntimeEnvironment['timer'] = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { dispose: () => clearTimeout(handle) };
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
