import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/** How long file events are gathered before one reload (editors write a file in several steps). */
export const RELOAD_DEBOUNCE_MS = 200;

export interface HotReloadOptions {
  /** The served paths (API project folders, api.yaml or AsyncAPI files, folders searched) and the config file. */
  readonly paths: readonly string[];
  /** Reads everything again and serves it; a rejection keeps what is served. */
  readonly reload: () => Promise<void>;
  /** Gets the error of a failed reload. */
  readonly failed: (error: unknown) => void;
  readonly debounceMs?: number;
}

/** Watches served files; stop with `close()`. */
export interface HotReload {
  close(): void;
}

/**
 * Calls `reload` once per burst of changes under `paths` (folders recursively), never two at once: a change
 * during a reload runs one more after it.
 */
export function watchForReload(options: HotReloadOptions): HotReload {
  const debounceMs = options.debounceMs ?? RELOAD_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): void => {
    if (running !== undefined) {
      again = true;
      return;
    }
    running = options
      .reload()
      .catch(options.failed)
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(run, debounceMs);
  };
  const watchers: FSWatcher[] = [];
  for (const path of options.paths) {
    try {
      if (statSync(path).isDirectory()) {
        watchers.push(watch(path, { recursive: true }, changed).on('error', () => undefined));
      } else {
        // A file's folder, so that an editor's save by rename is seen too.
        const name = basename(path);
        const onFile = (_event: string, file: string | null): void => {
          if (file === null || file === name) {
            changed();
          }
        };
        watchers.push(watch(dirname(path), onFile).on('error', () => undefined));
      }
    } catch {
      // A path that cannot be watched (gone, or no permission) is served but not reloaded.
    }
  }
  return {
    close: () => {
      clearTimeout(timer);
      watchers.forEach((watcher) => watcher.close());
    },
  };
}
