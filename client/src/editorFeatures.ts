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
import { formatOf, parseDocument } from '../../core/src/document';
import { isRecord, kindOf } from '../../core/src/document/documentKind';
import { registerGatewayDebugger } from './debug/gatewayDebug';
import type { SessionPanel } from './gateway/sessionPanel';
import { tryTopic } from './gateway/tryTopic';
import { TryTopicLens } from './gateway/tryTopicLens';
import { ApiProjectsView } from './views/apiProjectsView';

/** The editor side of design and gateway: the WebSocket APIs view, the design commands' questions, the gateway. */
export class EditorFeatures implements vscode.Disposable {
  readonly view: ApiProjectsView;
  readonly gateway: EditorGateway;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly tryOutput: vscode.OutputChannel;
  /** The open Try Topic panels by topic URL. */
  readonly panels = new Map<string, SessionPanel>();

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
    const lens = new TryTopicLens(() => this.view.projects());
    this.disposables.push(
      { dispose: unsubscribe },
      this.view,
      this.gateway,
      gatewayOutput,
      tryOutput,
      lens,
      vscode.languages.registerCodeLensProvider(
        [
          { scheme: 'file', language: 'yaml' },
          { scheme: 'file', language: 'json' },
        ],
        lens,
      ),
      // New projects, topics or scopes: new lenses, and the running gateway's token granted the scopes used now.
      this.view.onDidChangeTreeData(() => {
        lens.refresh();
        void this.gateway.updateConfig(this.view.projects()).catch((error: unknown) => {
          gatewayOutput.appendLine(`The gateway did not take the new credentials: ${String(error)}`);
        });
      }),
      ...registerGatewayDebugger(this.gateway),
      { dispose: () => [...this.panels.values()].forEach((panel) => panel.dispose()) },
    );
  }

  /** What the design commands' questions need: the projects, a refresh after a change, the server's log. */
  designContext(): DesignContext {
    return {
      projects: () => this.projects(),
      changed: () => void this.view.refresh(),
      log: (line) => this.client()?.outputChannel.appendLine(line),
      importProblem: (source) => importProblem(source),
    };
  }

  /** `wsapi.tryTopic` */
  tryTopic(args: unknown): Promise<SessionPanel | undefined> {
    return tryTopic(args, this.gateway, () => this.projects(), this.tryOutput, this.panels);
  }

  /** `wsapi.sendToTopic`: the editor's selection, or its whole text, sent to a topic (asked when not given). */
  sendToTopic(args: unknown): Promise<SessionPanel | undefined> {
    const given = isRecord(args) ? args : {};
    if (Array.isArray(given.messages)) {
      return this.tryTopic(given);
    }
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) {
      void vscode.window.showInformationMessage(
        'WebSocket API: Send to Topic sends the selection (or the whole file) of the active editor: open the message first.',
      );
      return Promise.resolve(undefined);
    }
    const { document, selection } = editor;
    const text = selection.isEmpty ? document.getText() : document.getText(selection);
    return this.tryTopic({ ...given, messages: [text] });
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

/** Why `source` cannot be imported: unreadable, not YAML/JSON, or without a top-level `asyncapi` key. */
async function importProblem(source: string): Promise<string | undefined> {
  const uri = vscode.Uri.parse(source);
  const name = vscode.workspace.asRelativePath(uri);
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    return `${name} cannot be read (${error instanceof Error ? error.message : String(error)}): pick another file.`;
  }
  const format = formatOf(uri.path, undefined) ?? 'yaml';
  return kindOf(parseDocument(text, format).root) === 'asyncapi'
    ? undefined
    : `${name} is not an AsyncAPI document (no top-level asyncapi: key): pick an AsyncAPI 2.x or 3.x file.`;
}
