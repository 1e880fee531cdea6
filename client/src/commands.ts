// Every command of the extension in one table: its id, whether it needs the language server, and what it does.
// Registered once at activation, before the server starts, so that no command is ever "not found": when the
// server is not running, a command that needs it says so and how to fix it instead.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

import { DESIGN_COMMANDS, type DesignCommand } from '../../core/src/design/commands';
import type { DesignArgs } from './design/designArguments';
import { runDesignCommand } from './design/runDesignCommand';
import type { EditorFeatures } from './editorFeatures';
import { openDefinition } from './views/apiProjectsView';
import type { ApiNode } from './views/apiTree';

/** What the commands work with. */
export interface CommandHost {
  readonly features: EditorFeatures;
  readonly outputChannel: vscode.OutputChannel;
  /** The language client; it may not be running. */
  client(): LanguageClient | undefined;
  /** Why the server is not running, once it has started or failed to (undefined while it runs). */
  serverDown(): Promise<string | undefined>;
}

export interface CommandSpec {
  /** Whether it needs the language server: when the server is down it then explains instead of running. */
  readonly needsServer: boolean;
  readonly run: (host: CommandHost, first: unknown) => unknown;
}

function design(command: DesignCommand): CommandSpec {
  return {
    needsServer: true,
    run: (host, first) =>
      runDesignCommand(
        command,
        first,
        (args: DesignArgs) =>
          host
            .client()!
            .sendRequest(ExecuteCommandRequest.type, { command, arguments: [args] }) as Promise<unknown>,
        host.features.designContext(),
      ),
  };
}

/** Every command id contributed in package.json, with what it does. */
export const COMMANDS = {
  'wsapi.restartServer': {
    needsServer: false,
    run: async (host) => {
      await host.client()?.restart();
      void host.features.view.refresh();
    },
  },
  'wsapi.showOutput': { needsServer: false, run: (host) => host.outputChannel.show(true) },
  [DESIGN_COMMANDS.createApi]: design(DESIGN_COMMANDS.createApi),
  [DESIGN_COMMANDS.addTopic]: design(DESIGN_COMMANDS.addTopic),
  [DESIGN_COMMANDS.deleteTopic]: design(DESIGN_COMMANDS.deleteTopic),
  [DESIGN_COMMANDS.setAuth]: design(DESIGN_COMMANDS.setAuth),
  [DESIGN_COMMANDS.importAsyncApi]: design(DESIGN_COMMANDS.importAsyncApi),
  [DESIGN_COMMANDS.exportAsyncApi]: design(DESIGN_COMMANDS.exportAsyncApi),
  [DESIGN_COMMANDS.exportApiProject]: design(DESIGN_COMMANDS.exportApiProject),
  'wsapi.openDefinition': { needsServer: false, run: (_host, node) => openDefinition(node as ApiNode) },
  'wsapi.refreshApiProjects': { needsServer: true, run: (host) => host.features.view.refresh() },
  'wsapi.startGateway': { needsServer: true, run: (host, args) => host.features.gateway.start(args) },
  'wsapi.stopGateway': { needsServer: false, run: (host) => host.features.gateway.stop() },
  'wsapi.tryTopic': { needsServer: true, run: (host, args) => host.features.tryTopic(args) },
  'wsapi.sendToTopic': { needsServer: true, run: (host, args) => host.features.sendToTopic(args) },
} satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof COMMANDS;

/** Registers every command of the table. */
export function registerCommands(host: CommandHost): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, spec]: [string, CommandSpec]) =>
    vscode.commands.registerCommand(id, async (first?: unknown) => {
      const down = spec.needsServer ? await host.serverDown() : undefined;
      if (down !== undefined) {
        return serverDownMessage(host, down);
      }
      return spec.run(host, first);
    }),
  );
}

async function serverDownMessage(host: CommandHost, reason: string): Promise<undefined> {
  const choice = await vscode.window.showErrorMessage(
    `WebSocket API: this command needs the language server, which is not running (${reason}). ` +
      'Restart it, or see its output for why it stopped.',
    'Restart Language Server',
    'Show Output',
  );
  if (choice === 'Restart Language Server') {
    await vscode.commands.executeCommand('wsapi.restartServer');
  } else if (choice === 'Show Output') {
    host.outputChannel.show(true);
  }
  return undefined;
}
