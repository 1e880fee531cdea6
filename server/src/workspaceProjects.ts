import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';

import { formatOf, parseDocument, projectFileOf } from '../../core/src';
import type { GatewayListeners } from '../../core/src/protocol';
import {
  doValidation,
  placementOf,
  projectSiblings,
  type ApiPlacement,
  type ReadFile,
  type WorkspaceContext,
} from './service/validation';

/**
 * The WSO2 API projects of the workspace, open or not: where each API is served (to find two projects on one
 * context and version) and the diagnostics of the project files no editor has open.
 */
export class WorkspaceProjects {
  private readonly placements = new Map<string, ApiPlacement>();
  /** Project files found on disk, so a closed one is checked from disk again. */
  private readonly files = new Set<string>();
  /** The editor's gateway as the client last told (`wsapi/gatewayListeners`): none until it runs one. */
  gateway: GatewayListeners = {};

  constructor(
    private readonly readFile: ReadFile,
    private readonly isOpen: (uri: string) => boolean,
  ) {}

  /** What validation of any document may know of the workspace. */
  readonly context: WorkspaceContext = {
    readFile: (uri) => this.readFile(uri),
    apis: () => this.placements.values(),
  };

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  /** The project files found on disk. */
  uris(): string[] {
    return [...this.files];
  }

  /**
   * Takes in project files found on disk (or changed there); returns the other api.yaml files whose
   * duplicates changed with them.
   */
  add(uris: readonly string[]): string[] {
    return uris.flatMap((uri) => {
      this.files.add(uri);
      return this.place(uri, this.readFile(uri));
    });
  }

  /** Forgets a deleted file. */
  remove(uri: string): void {
    this.files.delete(uri);
    this.placements.delete(uri);
  }

  /**
   * Records where an api.yaml's API is served. Returns the other api.yaml files whose diagnostics depend on the
   * change (they shared the old or share the new context and version), so that they are checked again.
   */
  place(uri: string, text: string | undefined): string[] {
    if (projectFileOf(uri)?.role !== 'api') {
      return [];
    }
    const before = this.placements.get(uri);
    const format = formatOf(uri);
    const after =
      text === undefined || format === undefined
        ? undefined
        : placementOf(uri, parseDocument(text, format).root);
    if (after === undefined) {
      this.placements.delete(uri);
    } else {
      this.placements.set(uri, after);
    }
    if (samePlace(before, after)) {
      return [];
    }
    return [...this.placements.values()]
      .filter((other) => other.uri !== uri && (samePlace(other, before) || samePlace(other, after)))
      .map((other) => other.uri);
  }

  /** Diagnostics of a project file from its text on disk; undefined when it is open (its editor has them). */
  diagnosticsOnDisk(uri: string): Diagnostic[] | undefined {
    if (this.isOpen(uri)) {
      return undefined;
    }
    const text = this.readFile(uri);
    if (text === undefined) {
      return [];
    }
    const document = TextDocument.create(uri, formatOf(uri) === 'json' ? 'json' : 'yaml', 0, text);
    return doValidation(document, this.context).diagnostics;
  }

  /** The files to check again when this one changed: the file itself and the other file of its project. */
  affectedBy(uri: string): string[] {
    return [uri, ...projectSiblings(uri).filter((sibling) => this.files.has(sibling))];
  }
}

function samePlace(a: ApiPlacement | undefined, b: ApiPlacement | undefined): boolean {
  return a !== undefined && b !== undefined && a.context === b.context && a.version === b.version;
}
