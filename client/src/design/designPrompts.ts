// The design commands' questions shown in VS Code: input boxes that check as you type, quick picks and file
// dialogs. They stay open when focus moves elsewhere (the user may look something up).
import * as vscode from 'vscode';

import type { Choice, PickQuestion, Questions } from './designQuestions';

export const VSCODE_QUESTIONS: Questions = {
  input: (question) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: question.title,
        prompt: question.prompt,
        ignoreFocusOut: true,
        ...(question.value !== undefined && { value: question.value }),
        ...(question.placeHolder !== undefined && { placeHolder: question.placeHolder }),
        ...(question.password === true && { password: true }),
        ...(question.validate !== undefined && { validateInput: question.validate }),
      }),
    ),
  pick: <T extends Choice>(question: PickQuestion<T>) =>
    Promise.resolve(vscode.window.showQuickPick([...question.items], pickOptions(question))),
  pickMany: <T extends Choice>(question: PickQuestion<T>) =>
    Promise.resolve(
      vscode.window.showQuickPick([...question.items], { ...pickOptions(question), canPickMany: true }),
    ),
  folder: async (title) => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 1) {
      return folders[0]?.uri.toString();
    }
    if (folders.length > 1) {
      const folder = await vscode.window.showWorkspaceFolderPick({
        placeHolder: `${title}: the workspace folder in which the API project folder is created`,
        ignoreFocusOut: true,
      });
      return folder?.uri.toString();
    }
    const chosen = await vscode.window.showOpenDialog({
      title,
      canSelectFolders: true,
      canSelectFiles: false,
      openLabel: 'Create Here',
    });
    return chosen?.[0]?.toString();
  },
  file: async (title) => {
    const active = vscode.window.activeTextEditor?.document.uri;
    const chosen = await vscode.window.showOpenDialog({
      title: `${title}: the AsyncAPI document (2.0 to 2.6 or 3.0)`,
      canSelectFiles: true,
      canSelectFolders: false,
      filters: { AsyncAPI: ['yaml', 'yml', 'json'] },
      ...(active?.scheme === 'file' && { defaultUri: active }),
      openLabel: 'Import',
    });
    return chosen?.[0]?.toString();
  },
  saveTarget: async (title, suggested, filters) => {
    const chosen = await vscode.window.showSaveDialog({
      title,
      defaultUri: vscode.Uri.parse(suggested),
      filters: { ...filters },
      saveLabel: 'Export',
    });
    return chosen?.toString();
  },
  error: (message) => void vscode.window.showErrorMessage(message),
  warning: (message) => void vscode.window.showWarningMessage(message),
};

function pickOptions(question: PickQuestion<Choice>): vscode.QuickPickOptions {
  return { title: question.title, placeHolder: question.placeHolder, ignoreFocusOut: true };
}
