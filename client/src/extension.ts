import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import { CLIENT_NAME, createLanguageClient } from './languageClient';

let client: LanguageClient | undefined;

/** What the extension gives other extensions (and its tests). */
export interface WsapiApi {
  /** How long activation took, language server start included. */
  readonly activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<WsapiApi> {
  const started = performance.now();
  const outputChannel = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(outputChannel);
  client = createLanguageClient(context, outputChannel);

  context.subscriptions.push(
    vscode.commands.registerCommand('wsapi.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('wsapi.showOutput', () => outputChannel.show(true)),
  );

  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outputChannel.appendLine(`The language server did not start: ${message}`);
    void vscode.window
      .showErrorMessage(`WebSocket API: the language server did not start (${message}).`, 'Show Output')
      .then((choice) => (choice === undefined ? undefined : outputChannel.show(true)));
  }
  return { activationMs: performance.now() - started };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
