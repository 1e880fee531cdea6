import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ApplyWorkspaceEditResult, WorkspaceEdit } from 'vscode-languageserver-protocol';

/**
 * Applies a WorkspaceEdit to files on disk as an editor would: CreateFile (refused when the file exists, unless
 * overwrite or ignoreIfExists), TextDocumentEdit, and `changes` (text edits of existing files by URI). All or
 * nothing: every change is computed before any write.
 */
export function applyToDisk(edit: WorkspaceEdit): ApplyWorkspaceEditResult {
  const texts = new Map<string, string>();
  const current = (uri: string): string | undefined => {
    if (texts.has(uri)) {
      return texts.get(uri);
    }
    const path = fileURLToPath(uri);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') {
        return { applied: false, failureReason: `unsupported resource operation ${change.kind}` };
      }
      const exists = current(change.uri) !== undefined;
      if (exists && change.options?.ignoreIfExists === true) {
        continue;
      }
      if (exists && change.options?.overwrite !== true) {
        return { applied: false, failureReason: `${change.uri} already exists` };
      }
      texts.set(change.uri, '');
      continue;
    }
    const before = current(change.textDocument.uri);
    if (before === undefined) {
      return { applied: false, failureReason: `${change.textDocument.uri} does not exist` };
    }
    const document = TextDocument.create(change.textDocument.uri, 'yaml', 0, before);
    texts.set(
      change.textDocument.uri,
      TextDocument.applyEdits(
        document,
        change.edits.map((item) => ({ range: item.range, newText: item.newText })),
      ),
    );
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const before = current(uri);
    if (before === undefined) {
      return { applied: false, failureReason: `${uri} does not exist` };
    }
    texts.set(uri, TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 0, before), edits));
  }
  for (const [uri, text] of texts) {
    const path = fileURLToPath(uri);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { applied: true };
}
