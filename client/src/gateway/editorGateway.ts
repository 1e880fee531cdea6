import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

import { isRecord } from '../../../core/src/document/documentKind';
import type { ApiProjectSummary } from '../../../core/src/protocol';
import {
  gatewayConfigText,
  type EditorCredentials,
  type GatewayProcess,
  type GatewayRun,
} from './gatewayProcess';
import { projectScopes } from './topicRoutes';

/** Arguments of `wsapi.startGateway`; with both given nothing is asked. */
export interface StartGatewayArgs {
  /** Default: the setting wsapi.gateway.port (9099); 0 picks a free port. */
  readonly port?: number;
  /** Serve from the built-in mock backend instead of the APIs' endpoints. */
  readonly mock?: boolean;
}

/** A credential the user keeps for the gateway: an API key or an OAuth2 token. */
export type CredentialKind = keyof EditorCredentials;

/** Where the user's credentials live: VS Code's secret storage, never settings or project files. */
const SECRET_KEYS: Readonly<Record<CredentialKind, string>> = {
  apiKey: 'wsapi.gateway.apiKey',
  oauth2Token: 'wsapi.gateway.oauth2Token',
};
const RUNNING_KEY = 'wsapi.gatewayRunning';

/**
 * The local gateway run from the editor: only in a trusted workspace, only on 127.0.0.1, serving the workspace's
 * servable API projects, accepting the credentials the user stored; a status bar item shows its port.
 */
export class EditorGateway implements vscode.Disposable {
  private readonly statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 50);
  private readonly unsubscribe: () => void;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly process: GatewayProcess,
    private readonly projects: () => Promise<readonly ApiProjectSummary[]>,
    private readonly output: vscode.OutputChannel,
  ) {
    this.statusBar.name = 'WebSocket API Gateway';
    this.unsubscribe = process.onDidChange(() => this.showState());
  }

  get current(): GatewayRun | undefined {
    return this.process.current;
  }

  /** `wsapi.startGateway`: resolves with the running gateway, or undefined when it did not start. */
  async start(given: unknown): Promise<GatewayRun | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage(
        'WebSocket API: the gateway runs a process that opens a network port: trust this workspace first ' +
          '(Workspaces: Manage Workspace Trust).',
      );
      return undefined;
    }
    if (this.process.current !== undefined) {
      void vscode.window.showInformationMessage(
        `WebSocket API: the gateway already runs on ${this.process.current.url}.`,
      );
      return this.process.current;
    }
    const args: { readonly [K in keyof StartGatewayArgs]?: unknown } = isRecord(given) ? given : {};
    if (args.port !== undefined && !isPort(args.port)) {
      void vscode.window.showErrorMessage(
        `WebSocket API: port must be a whole number from 0 to 65535 (0 picks a free one), not ${JSON.stringify(args.port)}.`,
      );
      return undefined;
    }
    const mock = typeof args.mock === 'boolean' ? args.mock : await askMock();
    if (mock === undefined) {
      return undefined;
    }
    const port = isPort(args.port)
      ? args.port
      : vscode.workspace.getConfiguration('wsapi.gateway').get<number>('port', 9099);
    const projects = await this.projects();
    const servable = projects.filter((project) => project.problem === undefined);
    if (servable.length === 0) {
      void vscode.window.showErrorMessage(
        projects.length === 0
          ? 'WebSocket API: the workspace has no WebSocket API project to serve: create one first (Create WebSocket API).'
          : 'WebSocket API: no API project can be served as it is: fix the problems the WebSocket APIs view shows.',
      );
      return undefined;
    }
    const paths = servable.map((project) => vscode.Uri.parse(project.folder).fsPath);
    const config = await this.configFile(projectScopes(servable));
    const wso2Version = vscode.workspace
      .getConfiguration('wsapi.gateway')
      .get<string>('wso2Version', 'project');
    try {
      return await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: 'WebSocket API: starting the local gateway',
        },
        () =>
          this.process.start({
            port,
            mock,
            paths,
            ...(config !== undefined && { config }),
            ...(wso2Version !== 'project' && { wso2Version }),
          }),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window
        .showErrorMessage(`WebSocket API: the gateway did not start: ${message}`, 'Show Output')
        .then((choice) => (choice === undefined ? undefined : this.output.show(true)));
      return undefined;
    }
  }

  /** `wsapi.stopGateway` */
  async stop(): Promise<void> {
    await this.process.stop();
  }

  async credentials(): Promise<EditorCredentials> {
    const [apiKey, oauth2Token] = await Promise.all([
      this.context.secrets.get(SECRET_KEYS.apiKey),
      this.context.secrets.get(SECRET_KEYS.oauth2Token),
    ]);
    return { ...(apiKey && { apiKey }), ...(oauth2Token && { oauth2Token }) };
  }

  async storeCredential(kind: CredentialKind, value: string): Promise<void> {
    await this.context.secrets.store(SECRET_KEYS[kind], value);
  }

  private async configFile(scopes: readonly string[]): Promise<{ file: string; text: string } | undefined> {
    const text = gatewayConfigText(await this.credentials(), scopes);
    if (text === undefined) {
      return undefined;
    }
    const folder = this.context.globalStorageUri.fsPath;
    mkdirSync(folder, { recursive: true });
    return { file: join(folder, `gateway-credentials-${process.pid}.yaml`), text };
  }

  private showState(): void {
    const run = this.process.current;
    void vscode.commands.executeCommand('setContext', RUNNING_KEY, run !== undefined);
    if (run === undefined) {
      this.statusBar.hide();
      return;
    }
    // The skipped are counted on the item and named in its tooltip, each with its first reason.
    this.statusBar.text = `$(radio-tower) Gateway :${run.port}${run.skipped.length > 0 ? ` $(warning) ${run.skipped.length} skipped` : ''}`;
    this.statusBar.tooltip =
      `Local WebSocket gateway on ${run.url}${run.mock ? ' (mock backend)' : ''}, ` +
      `${run.routes.length} route${run.routes.length === 1 ? '' : 's'}.` +
      run.skipped.map((project) => `\nSkipped ${project.source}: ${project.reason}`).join('') +
      '\nClick to stop it.';
    this.statusBar.command = 'wsapi.stopGateway';
    this.statusBar.show();
  }

  dispose(): void {
    this.unsubscribe();
    this.statusBar.dispose();
    void this.process.stop();
  }
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}

async function askMock(): Promise<boolean | undefined> {
  const chosen = await vscode.window.showQuickPick(
    [
      {
        label: 'Mock backend',
        description: "echoes what you send, sends the definition's examples",
        mock: true,
      },
      {
        label: "The APIs' endpoints",
        description: 'forwards to endpointConfig (your backend must run)',
        mock: false,
      },
    ],
    { title: 'Start Gateway', placeHolder: 'Where the gateway sends the connections', ignoreFocusOut: true },
  );
  return chosen?.mock;
}
