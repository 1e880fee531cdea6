import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';

import { registerCommands } from './commands';

import { onDidShowQuestion, type ShownQuestion } from './design/designPrompts';
import { EditorFeatures } from './editorFeatures';
import type { ApiProjectsView } from './views/apiProjectsView';
import type { EditorGateway } from './gateway/editorGateway';
import { CLIENT_NAME, createLanguageClient } from './languageClient';

let client: LanguageClient | undefined;

/** What the extension gives other extensions (and its tests). */
export interface WsapiApi {
  /** How long activation took, language server start included. */
  readonly activationMs: number;
  /** The WebSocket APIs view: its rows (`rows()`, `getChildren()`) and `refresh()`. */
  readonly apiProjects: ApiProjectsView;
  /** The local gateway run from the editor. */
  readonly gateway: EditorGateway;
  /** Fires when a design command shows a question (its title, "step k of n" and value). */
  readonly onDidShowQuestion: vscode.Event<ShownQuestion>;
}

export async function activate(context: vscode.ExtensionContext): Promise<WsapiApi> {
  const started = performance.now();
  const outputChannel = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(outputChannel);
  const features = new EditorFeatures(context, () => client);
  client = createLanguageClient(context, outputChannel);
  let startFailure: string | undefined;
  const starting = client.start();
  context.subscriptions.push(
    features,
    ...registerCommands({
      features,
      outputChannel,
      client: () => client,
      serverDown: async () => {
        await starting.catch(() => undefined);
        return client?.state === State.Running ? undefined : (startFailure ?? 'it was stopped');
      },
    }),
  );

  try {
    await starting;
    void features.view.refresh();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    startFailure = `it did not start: ${message}`;
    outputChannel.appendLine(`The language server did not start: ${message}`);
    void vscode.window
      .showErrorMessage(`WebSocket API: the language server did not start (${message}).`, 'Show Output')
      .then((choice) => (choice === undefined ? undefined : outputChannel.show(true)));
  }
  return {
    activationMs: performance.now() - started,
    apiProjects: features.view,
    gateway: features.gateway,
    onDidShowQuestion,
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
