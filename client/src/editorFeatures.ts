import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import {
  ApiProjectsRequest,
  GatewayListenersNotification,
  type ApiProjectSummary,
} from '../../core/src/protocol';
import { designMiddleware } from './design/designMiddleware';
import { EditorGateway } from './gateway/editorGateway';
import { GatewayProcess } from './gateway/gatewayProcess';
import { tryTopic } from './gateway/tryTopic';
import { ApiProjectsView, openDefinition } from './views/apiProjectsView';
import type { ApiNode } from './views/apiTree';

/** The editor side of design and gateway: the WebSocket APIs view, the design commands' questions, the gateway. */
export class EditorFeatures implements vscode.Disposable {
  readonly view: ApiProjectsView;
  readonly gateway: EditorGateway;
  private readonly disposables: vscode.Disposable[] = [];

  /** `client()` is the language client, created after these features (its middleware comes from here). */
  constructor(context: vscode.ExtensionContext, client: () => LanguageClient | undefined) {
    const gatewayOutput = vscode.window.createOutputChannel('WebSocket API Gateway');
    const tryOutput = vscode.window.createOutputChannel('WebSocket API: Try Topic');
    this.view = new ApiProjectsView(
      async () => (await client()?.sendRequest(ApiProjectsRequest.type)) ?? [],
      (line) => client()?.outputChannel.appendLine(line),
    );
    this.gateway = new EditorGateway(
      context,
      new GatewayProcess(context.asAbsolutePath('dist/gateway.js'), (line) => gatewayOutput.appendLine(line)),
      () => this.projects(),
      gatewayOutput,
    );
    // The server's hover shows the topic URLs of the gateway that runs (ws only), not WSO2's two ports.
    const unsubscribe = this.gateway.process.onDidChange(() => {
      const run = this.gateway.current;
      void client()?.sendNotification(
        GatewayListenersNotification.type,
        run === undefined ? {} : { url: run.url },
      );
    });
    this.disposables.push(
      { dispose: unsubscribe },
      this.view,
      this.gateway,
      gatewayOutput,
      tryOutput,
      vscode.commands.registerCommand('wsapi.refreshApiProjects', () => this.view.refresh()),
      vscode.commands.registerCommand('wsapi.openDefinition', (node?: ApiNode) => openDefinition(node)),
      vscode.commands.registerCommand('wsapi.startGateway', (args?: unknown) => this.gateway.start(args)),
      vscode.commands.registerCommand('wsapi.stopGateway', () => this.gateway.stop()),
      vscode.commands.registerCommand('wsapi.tryTopic', (args?: unknown) =>
        tryTopic(args, this.gateway, () => this.projects(), tryOutput),
      ),
    );
  }

  /** The language client's middleware: the design commands ask for what is missing before the server runs them. */
  middleware(): ReturnType<typeof designMiddleware> {
    return designMiddleware({
      projects: () => this.projects(),
      changed: () => void this.view.refresh(),
    });
  }

  /** The workspace's API projects, fresh from the server. */
  private async projects(): Promise<readonly ApiProjectSummary[]> {
    return (await this.view.refresh()).map((node) => node.project);
  }

  dispose(): void {
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}
