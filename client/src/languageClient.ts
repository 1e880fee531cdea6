import type { ExtensionContext, OutputChannel } from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  TransportKind,
  type DynamicFeature,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
} from 'vscode-languageclient/node';

export const CLIENT_ID = 'wsapi';
export const CLIENT_NAME = 'WebSocket API Language Server';

/**
 * Creates the client for `dist/server.js`. The server sees every YAML and JSON file and skips, in one scan,
 * those that are not API definitions.
 */
export function createLanguageClient(
  context: ExtensionContext,
  outputChannel: OutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'json' },
    ],
    outputChannel,
  };
  return new WsapiLanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

/**
 * The language client without its own registration of the server's commands: the extension's command table
 * (commands.ts) registers them before the server starts, so that they exist when it does not.
 */
class WsapiLanguageClient extends LanguageClient {
  override registerFeature(feature: StaticFeature | DynamicFeature<unknown>): void {
    if ('registrationType' in feature && feature.registrationType.method === ExecuteCommandRequest.method) {
      return;
    }
    super.registerFeature(feature);
  }
}
