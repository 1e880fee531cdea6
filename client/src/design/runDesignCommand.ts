import * as vscode from 'vscode';

import { isRecord } from '../../../core/src/document/documentKind';
import { DESIGN_COMMANDS, type DesignCommand, type DesignResult } from '../../../core/src/design/commands';
import { givenArguments, type DesignArgs } from './designArguments';
import { VSCODE_QUESTIONS } from './designPrompts';
import { completeArguments, type QuestionContext } from './designQuestions';

export interface DesignContext extends QuestionContext {
  /** Called after a command changed files (the view refreshes). */
  changed(): void;
  /** Writes a line to the language server's output. */
  log(line: string): void;
}

/** Commands whose work may take a while: they show a progress notification. */
const LONG: Partial<Record<DesignCommand, string>> = {
  [DESIGN_COMMANDS.importAsyncApi]: 'Importing the AsyncAPI document',
  [DESIGN_COMMANDS.exportAsyncApi]: 'Exporting the AsyncAPI definition',
  [DESIGN_COMMANDS.exportApiProject]: 'Exporting the API project',
};

/**
 * The palette side of the design commands (the language server's `workspace/executeCommand`): asks for what is
 * missing, sends one argument object to the server (`send`), shows a refusal once (the server's message names
 * the field and the fix), saves the files the edit touched and opens a new API's definition.
 */
export async function runDesignCommand(
  command: DesignCommand,
  first: unknown,
  send: (args: DesignArgs) => Promise<unknown>,
  context: DesignContext,
): Promise<DesignResult | undefined> {
  const given = givenArguments(command, first);
  const args = await completeArguments(command, given, context, VSCODE_QUESTIONS);
  if (args === undefined || !(await confirmed(command, args, given.from))) {
    return undefined;
  }
  const openBefore = openTabs();
  let result: DesignResult;
  try {
    result = await withProgress(command, () => send(args)).then(asResult);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.log(`${command} refused: ${message}`);
    void vscode.window.showErrorMessage(`WebSocket API: ${readableRefusal(message)}`);
    return undefined;
  }
  await saveChanged(result.changed);
  await closeNewTabs(result.changed, openBefore);
  context.changed();
  if (result.definition !== undefined) {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.definition));
    await vscode.window.showTextDocument(document, { preview: false });
  } else if (
    typeof args.target === 'string' &&
    (command === DESIGN_COMMANDS.exportAsyncApi || command === DESIGN_COMMANDS.exportApiProject)
  ) {
    void exported(vscode.Uri.parse(args.target), command === DESIGN_COMMANDS.exportAsyncApi);
  }
  return result;
}

/** The export's notification: Open (a definition) and Reveal (in the Explorer, or the OS's file manager). */
async function exported(target: vscode.Uri, canOpen: boolean): Promise<void> {
  const inWorkspace = vscode.workspace.getWorkspaceFolder(target) !== undefined;
  const choice = await vscode.window.showInformationMessage(
    `WebSocket API: exported to ${vscode.workspace.asRelativePath(target)}.`,
    ...(canOpen ? ['Open'] : []),
    inWorkspace ? 'Reveal in Explorer' : 'Reveal in File Manager',
  );
  if (choice === 'Open') {
    await vscode.window.showTextDocument(target, { preview: false });
  } else if (choice !== undefined) {
    await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', target);
  }
}

function openTabs(): Set<string> {
  return new Set(
    vscode.window.tabGroups.all.flatMap((group) =>
      group.tabs.flatMap((tab) =>
        tab.input instanceof vscode.TabInputText ? [tab.input.uri.toString()] : [],
      ),
    ),
  );
}

/** The edit opens each file it writes in a tab: those the user did not have open are closed again. */
async function closeNewTabs(changed: readonly string[], before: ReadonlySet<string>): Promise<void> {
  const wanted = new Set(changed.map((uri) => vscode.Uri.parse(uri).toString()));
  const tabs = vscode.window.tabGroups.all.flatMap((group) =>
    group.tabs.filter(
      (tab) =>
        tab.input instanceof vscode.TabInputText &&
        wanted.has(tab.input.uri.toString()) &&
        !before.has(tab.input.uri.toString()) &&
        !tab.isDirty,
    ),
  );
  if (tabs.length > 0) {
    await vscode.window.tabGroups.close(tabs);
  }
}

/** Deleting a topic from the view asks first; with arguments nothing is asked. */
async function confirmed(command: DesignCommand, args: DesignArgs, from: string): Promise<boolean> {
  if (command !== DESIGN_COMMANDS.deleteTopic || from !== 'view') {
    return true;
  }
  const answer = await vscode.window.showWarningMessage(
    `Delete the topic ${String(args.topic)} from api.yaml and the AsyncAPI definition?`,
    { modal: true },
    'Delete',
  );
  return answer === 'Delete';
}

function withProgress<T>(command: DesignCommand, work: () => Promise<T>): Promise<T> {
  const title = LONG[command];
  if (title === undefined) {
    return work();
  }
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `WebSocket API: ${title}` },
      work,
    ),
  );
}

function asResult(value: unknown): DesignResult {
  if (!isRecord(value) || !Array.isArray(value.changed)) {
    return { changed: [] };
  }
  return {
    changed: value.changed.filter((uri): uri is string => typeof uri === 'string'),
    ...(typeof value.definition === 'string' && { definition: value.definition }),
  };
}

/** The server's edit lands in editors; the files it touched are saved so that they are on disk as written. */
async function saveChanged(changed: readonly string[]): Promise<void> {
  const wanted = new Set(changed.map((uri) => vscode.Uri.parse(uri).toString()));
  const dirty = vscode.workspace.textDocuments.filter(
    (document) => document.isDirty && wanted.has(document.uri.toString()),
  );
  await Promise.all(dirty.map((document) => document.save()));
}

/** The server's refusal with the workspace's file URIs as relative paths (a toast cuts long lines short). */
function readableRefusal(message: string): string {
  return message.replace(/\bfile:\/\/\/[^\s:,;)]+/g, (uri) =>
    vscode.workspace.asRelativePath(vscode.Uri.parse(uri)),
  );
}
