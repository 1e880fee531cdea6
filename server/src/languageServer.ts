import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Disposable,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { doValidation } from './service/validation';
import { runSafe } from './utils/runner';

/** What the server needs from its environment; tests pass fast timers. */
export interface RuntimeEnvironment {
  readonly timer: {
    setTimeout(callback: () => void, ms: number): Disposable;
  };
  /** Delay between the last keystroke and validation. */
  readonly validationDelayMs: number;
}

export const nodeRuntime: RuntimeEnvironment = {
  timer: {
    setTimeout(callback, ms) {
      const handle = setTimeout(callback, ms);
      return { dispose: () => clearTimeout(handle) };
    },
  },
  validationDelayMs: 200,
};

export const SERVER_NAME = 'wsapi-language-server';

/**
 * Wires the language service to a connection: capabilities, documents and diagnostics. Nothing here
 * knows how the connection is transported (stdio, IPC or an in-memory stream pair in tests).
 */
export function startServer(connection: Connection, runtime: RuntimeEnvironment = nodeRuntime): void {
  const documents = new TextDocuments(TextDocument);
  const pending = new Map<string, Disposable>();
  const log = (message: string): void => connection.console.error(message);

  connection.onInitialize((): InitializeResult => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: SERVER_NAME, version: '0.1.0' },
  }));

  const validate = (document: TextDocument): void => {
    const diagnostics = runSafe(
      log,
      () => doValidation(document),
      [],
      `Error while validating ${document.uri}`,
    );
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
  };

  const cancelPending = (uri: string): void => {
    pending.get(uri)?.dispose();
    pending.delete(uri);
  };

  // TextDocuments fires onDidChangeContent on open too: validate a newly opened document at once,
  // and debounce the edits that follow.
  const seen = new Set<string>();
  documents.onDidChangeContent((event) => {
    const { uri } = event.document;
    cancelPending(uri);
    if (!seen.has(uri)) {
      seen.add(uri);
      validate(event.document);
      return;
    }
    pending.set(
      uri,
      runtime.timer.setTimeout(() => {
        pending.delete(uri);
        const current = documents.get(uri);
        if (current !== undefined) {
          validate(current);
        }
      }, runtime.validationDelayMs),
    );
  });
  documents.onDidClose((event) => {
    const { uri } = event.document;
    cancelPending(uri);
    seen.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}
