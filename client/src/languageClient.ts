import type { ExtensionContext, OutputChannel } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
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
  middleware: Middleware = {},
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
    middleware,
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
