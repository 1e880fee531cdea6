// Helpers for tests that run inside the VS Code extension host.
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import * as vscode from 'vscode';

/** The extension's identifier (publisher.name from package.json). */
export const EXTENSION_ID = 'wsapi.wsapi';

/** The repository root; this file runs as out/test/e2e/suite/helpers.js. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** A file of the opened workspace folder (a throwaway copy of test/e2e/workspace). */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) {
    throw new Error('VS Code was started without a workspace folder; expected a copy of test/e2e/workspace');
  }
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a workspace file in an editor, as a user would. */
export async function openWorkspaceFile(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/**
 * Resolves with the diagnostics of `uri` as soon as `accept` likes them: checks the current ones first, then
 * every change. Never sleeps; rejects after `timeoutMs` with what was there.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolvePromise, reject) => {
    const key = uri.toString();
    const check = (): void => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (accept(diagnostics)) {
        finish();
        resolvePromise(diagnostics);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === key)) {
        check();
      }
    });
    const timer = setTimeout(() => {
      finish();
      const current = vscode.languages.getDiagnostics(uri);
      reject(
        new Error(
          `diagnostics of ${vscode.workspace.asRelativePath(uri)} not as expected within ${timeoutMs} ms; ` +
            `current: ${current.length === 0 ? 'none' : current.map(describeDiagnostic).join('; ')}`,
        ),
      );
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    // Subscribed first, so a change between this check and the subscription cannot be missed.
    check();
  });
}

export function describeDiagnostic(diagnostic: vscode.Diagnostic): string {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  const severity = vscode.DiagnosticSeverity[diagnostic.severity];
  return (
    `${severity} ${diagnostic.source ?? '(no source)'}/${code ?? '(no code)'} at ` +
    `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${diagnostic.message}`
  );
}

/** Whether `path` is `folder` or inside it, after resolving symbolic links on both. */
export function isInside(path: string, folder: string): boolean {
  const relation = relative(realpathSync(folder), realpathSync(path));
  return relation === '' || (!relation.startsWith('..') && !isAbsolute(relation));
}
