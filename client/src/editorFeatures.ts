import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

import {
  ApiProjectsRequest,
  GatewayListenersNotification,
  type ApiProjectSummary,
} from '../../core/src/protocol';
import type { DesignContext } from './design/runDesignCommand';
import { EditorGateway } from './gateway/editorGateway';
import { GatewayProcess } from './gateway/gatewayProcess';
import { tryTopic, type TopicSession } from './gateway/tryTopic';
import { ApiProjectsView } from './views/apiProjectsView';

/** The editor side of design and gateway: the WebSocket APIs view, the design commands' questions, the gateway. */
export class EditorFeatures implements vscode.Disposable {
  readonly view: ApiProjectsView;
  readonly gateway: EditorGateway;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly tryOutput: vscode.OutputChannel;

  /** `client()` is the language client, created after these features. */
  constructor(
    context: vscode.ExtensionContext,
    private readonly client: () => LanguageClient | undefined,
  ) {
    const gatewayOutput = vscode.window.createOutputChannel('WebSocket API Gateway');
    const tryOutput = vscode.window.createOutputChannel('WebSocket API: Try Topic');
    this.tryOutput = tryOutput;
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
    this.disposables.push({ dispose: unsubscribe }, this.view, this.gateway, gatewayOutput, tryOutput);
  }

  /** What the design commands' questions need: the projects, a refresh after a change, the server's log. */
  designContext(): DesignContext {
    return {
      projects: () => this.projects(),
      changed: () => void this.view.refresh(),
      log: (line) => this.client()?.outputChannel.appendLine(line),
    };
  }

  /** `wsapi.tryTopic` */
  tryTopic(args: unknown): Promise<TopicSession | undefined> {
    return tryTopic(args, this.gateway, () => this.projects(), this.tryOutput);
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
