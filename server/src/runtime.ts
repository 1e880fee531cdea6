import type { Disposable } from 'vscode-languageserver';

import type { OfficialParser } from './officialParser/protocol';
import type { SpecValidator } from './service/schemaFindings';
import type { ReadFile } from './service/validation';

/** What the server needs from its environment; tests pass fast timers. */
export interface RuntimeEnvironment {
  readonly timer: {
    setTimeout(callback: () => void, ms: number): Disposable;
    /**
     * Runs the callback once the messages and I/O already waiting have been handled: the turn the server's own
     * long work (a large document read in slices, the warm-up) yields with, so that requests are answered between
     * its slices. (A chain of zero-delay timers held back the message queue for seconds.)
     */
    setImmediate(callback: () => void): Disposable;
  };
  /**
   * Pause in typing before wsapi's own checks run again (they take milliseconds): the longest; a document whose
   * checks are quick waits less, down to a quarter of it.
   */
  readonly validationDelayMs: number;
  /**
   * Pause in typing before the official parser runs again (it takes up to a second on large documents): the
   * longest; a document whose parse is quick waits less, down to a quarter of it.
   */
  readonly parserDelayMs: number;
  /** Reads a file that is not open (the other file of a WSO2 API project). */
  readonly readFile?: ReadFile;
  /** The entries of a folder (a URI), for `$ref` completion of other files; undefined when it cannot be read. */
  readonly listDirectory?: (uri: string) => Array<{ name: string; directory: boolean }> | undefined;
  /** The files (URIs) of the WSO2 API projects in the workspace folders (URIs), found on disk. */
  readonly findProjectFiles?: (folders: readonly string[]) => string[];
  /** The official AsyncAPI parser, run off the main thread; without it only wsapi's own checks run. */
  readonly officialParser?: OfficialParser;
  /**
   * The validator of an AsyncAPI version's JSON Schema (`2.6.0`), for the schema errors of the first publish after
   * an edit; without it they wait for the official parser.
   */
  readonly specValidator?: (version: string) => SpecValidator | undefined;
  /** Writes a binary file (a file: URI), creating its folder; the design commands export .zip files with it. */
  readonly writeFile?: (uri: string, content: Uint8Array) => Promise<void>;
  /** Makes a folder (a file: URI) and the folders above it, for editors that create no folder for a new file. */
  readonly createDirectory?: (uri: string) => Promise<void>;
}
