import * as vscode from 'vscode';

import { isRecord } from '../../../core/src/document/documentKind';
import type { ApiProjectSummary } from '../../../core/src/protocol';
import {
  gatewayConfigText,
  type EditorCredentials,
  type GatewayProcess,
  portInUse,
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

/** What a start of the editor's gateway may set (the debug type's launch attributes); the rest from the settings. */
export interface GatewayLaunch {
  /** Project folders, api.yaml or AsyncAPI files; default: the workspace's servable projects. */
  readonly paths?: readonly string[];
  /** Default: the setting wsapi.gateway.port. */
  readonly port?: number;
  readonly mock: boolean;
  readonly tlsPort?: number | 'off';
  /** Default: the setting wsapi.gateway.wso2Version. */
  readonly wso2Version?: string;
  readonly logTraffic?: boolean;
  readonly strict?: boolean;
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
  /** The config the running gateway has. */
  private sentConfig: string | undefined;

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
    try {
      return await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: 'WebSocket API: starting the local gateway',
        },
        () => this.launch({ ...(isPort(args.port) && { port: args.port }), mock }),
      );
    } catch (error) {
      this.startFailed(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  }

  /**
   * Starts the gateway (Start Gateway and the `wsapi-gateway` debug type): the workspace's servable projects
   * unless `paths` are given, the port and WSO2 version of the settings unless given, the stored credentials.
   * Rejects with what to fix.
   */
  async launch(options: GatewayLaunch): Promise<GatewayRun> {
    if (!vscode.workspace.isTrusted) {
      throw new Error(
        'the gateway runs a process that opens a network port: trust this workspace first (Workspaces: Manage Workspace Trust).',
      );
    }
    const settings = vscode.workspace.getConfiguration('wsapi.gateway');
    const projects = await this.projects();
    const servable = projects.filter((project) => project.problem === undefined);
    if (options.paths === undefined && servable.length === 0) {
      throw new Error(
        projects.length === 0
          ? 'the workspace has no WebSocket API project to serve: create one first (Create WebSocket API).'
          : 'no API project can be served as it is: fix the problems the WebSocket APIs view shows.',
      );
    }
    const wso2Version = options.wso2Version ?? settings.get<string>('wso2Version', 'project');
    const config = await this.configText(servable);
    this.sentConfig = config;
    return this.process.start({
      port: options.port ?? settings.get<number>('port', 9099),
      mock: options.mock,
      paths: options.paths ?? servable.map((project) => vscode.Uri.parse(project.folder).fsPath),
      config,
      ...(wso2Version !== 'project' && { wso2Version }),
      ...(options.tlsPort !== undefined && { tlsPort: options.tlsPort }),
      ...(options.logTraffic === true && { logTraffic: true }),
      ...(options.strict === true && { strict: true }),
    });
  }

  /** One message: a port in use names the setting to change, not the CLI's flags. */
  private startFailed(message: string): void {
    const port = portInUse(message);
    const text =
      port === undefined
        ? `WebSocket API: the gateway did not start: ${message}`
        : `WebSocket API: port ${port} is already in use (another gateway or program listens on it). ` +
          'Change the setting wsapi.gateway.port (0 picks a free port), or stop what holds the port.';
    const actions = port === undefined ? ['Show Output'] : ['Open Setting', 'Show Output'];
    void vscode.window.showErrorMessage(text, ...actions).then((choice) => {
      if (choice === 'Open Setting') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'wsapi.gateway.port');
      } else if (choice === 'Show Output') {
        this.output.show(true);
      }
    });
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

  /**
   * Keeps a credential in the secret storage and hands it to the running gateway, which accepts it from the
   * next handshake on; open connections stay.
   */
  async storeCredential(kind: CredentialKind, value: string): Promise<void> {
    await this.context.secrets.store(SECRET_KEYS[kind], value);
    await this.updateConfig();
  }

  /**
   * Gives the running gateway the stored credentials again, the token with the scopes the projects use now
   * (called after a credential is stored and when the projects change).
   */
  async updateConfig(projects?: readonly ApiProjectSummary[]): Promise<void> {
    if (this.process.current === undefined) {
      return;
    }
    const servable = (projects ?? (await this.projects())).filter((project) => project.problem === undefined);
    const config = await this.configText(servable);
    if (config !== this.sentConfig) {
      // Only a change: each config makes the gateway reload.
      this.sentConfig = config;
      await this.process.updateConfig(config);
    }
  }

  /** The gateway's config: the stored credentials, which never go to disk (the gateway gets them over IPC). */
  private async configText(projects: readonly ApiProjectSummary[]): Promise<string> {
    return gatewayConfigText(await this.credentials(), projectScopes(projects));
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
