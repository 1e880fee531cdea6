// The design commands' questions shown in VS Code: input boxes that check as you type, quick picks and file
// dialogs. They stay open when focus moves elsewhere (the user may look something up).
import * as vscode from 'vscode';

import { GoBack, type Choice, type PickQuestion, type Questions, type StepInfo } from './designQuestions';

export const VSCODE_QUESTIONS: Questions = {
  input: (question) => {
    const box = vscode.window.createInputBox();
    box.title = question.title;
    box.prompt = question.prompt;
    box.value = question.value ?? '';
    box.placeholder = question.placeHolder;
    box.password = question.password === true;
    const check = (value: string): void => {
      box.validationMessage = question.validate?.(value);
    };
    check(box.value);
    return ask<string>(box, question.step, box.value, (answer) => [
      box.onDidChangeValue(check),
      box.onDidAccept(() => {
        check(box.value);
        if (box.validationMessage === undefined) {
          answer(box.value);
        }
      }),
    ]);
  },
  pick: <T extends Choice>(question: PickQuestion<T>) => {
    const pick = quickPick(question);
    const active = (pick.activeItems[0] ?? pick.items[0])?.label; // VS Code makes the first item active
    return ask<T>(pick, question.step, active, (answer) => [
      pick.onDidAccept(() => {
        const [chosen] = pick.selectedItems;
        if (chosen !== undefined) {
          answer(chosen);
        }
      }),
    ]);
  },
  pickMany: <T extends Choice>(question: PickQuestion<T>) => {
    const pick = quickPick(question);
    pick.canSelectMany = true;
    pick.selectedItems = pick.items.filter((item) => item.picked === true);
    return ask<readonly T[]>(pick, question.step, undefined, (answer) => [
      pick.onDidAccept(() => answer(pick.selectedItems)),
    ]);
  },
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

/** What a question was shown with, for tests that answer it in a real VS Code. */
export interface ShownQuestion {
  readonly title: string;
  readonly step?: StepInfo;
  /** The input box's text, or the label of the quick pick's active item. */
  readonly value?: string;
}

const shownQuestions = new vscode.EventEmitter<ShownQuestion>();
/** Fires when a design command's question (an input box or a quick pick) is shown. */
export const onDidShowQuestion = shownQuestions.event;

function quickPick<T extends Choice>(question: PickQuestion<T>): vscode.QuickPick<T> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = question.title;
  pick.placeholder = question.placeHolder;
  pick.items = [...question.items];
  const active = pick.items.find((item) => item.label === question.active);
  if (active !== undefined) {
    pick.activeItems = [active];
  }
  return pick;
}

/**
 * Shows a question until `listen`'s answer is given, it is hidden (undefined) or, from its second step on, Back
 * is pressed (rejects with GoBack). It stays open when focus moves elsewhere (the user may look something up).
 */
function ask<A>(
  input: vscode.InputBox | vscode.QuickPick<Choice>,
  step: StepInfo | undefined,
  value: string | undefined,
  listen: (answer: (answer: A) => void) => readonly vscode.Disposable[],
): Promise<A | undefined> {
  return new Promise<A | undefined>((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void): void => {
      if (!settled) {
        settled = true;
        finish();
        input.hide();
      }
    };
    input.ignoreFocusOut = true;
    input.step = step?.step;
    input.totalSteps = step?.totalSteps;
    input.buttons = (step?.step ?? 1) > 1 ? [vscode.QuickInputButtons.Back] : [];
    const subscriptions = [
      ...listen((answer) => settle(() => resolve(answer))),
      input.onDidTriggerButton((button) => {
        if (button === vscode.QuickInputButtons.Back) {
          settle(() => reject(new GoBack()));
        }
      }),
      input.onDidHide(() => {
        settle(() => resolve(undefined));
        for (const subscription of subscriptions) {
          subscription.dispose();
        }
        input.dispose();
      }),
    ];
    input.show();
    shownQuestions.fire({ title: input.title ?? '', ...(step !== undefined && { step }), value });
  });
}
