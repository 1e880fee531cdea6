// The `wsapi-gateway` debug type: F5 (or a compound with the user's own backend) starts the local gateway with
// the launch configuration's options; the Debug Console shows each frame and connection; stop and restart come
// from the debug toolbar. An inline debug adapter (no separate binary) on @vscode/debugadapter.
import { DebugSession, InitializedEvent, OutputEvent, TerminatedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import * as vscode from 'vscode';

import type { EditorGateway, GatewayLaunch } from '../gateway/editorGateway';
import { consoleLines, readTrafficLine, type ConsoleLine } from './trafficConsole';

export const DEBUG_TYPE = 'wsapi-gateway';

/** The launch.json attributes of a `wsapi-gateway` configuration (package.json `configurationAttributes`). */
export interface GatewayLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  readonly projects?: readonly string[];
  readonly port?: number;
  readonly tlsPort?: number | 'off';
  readonly mock?: boolean;
  readonly wso2Version?: string;
  readonly logTraffic?: boolean;
  readonly strict?: boolean;
}

/** Registers the adapter factory and the provider of the initial configuration. */
export function registerGatewayDebugger(gateway: EditorGateway): vscode.Disposable[] {
  return [
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: () =>
        new vscode.DebugAdapterInlineImplementation(new GatewayDebugSession(gateway)),
    }),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, {
      // F5 without a launch.json: the gateway with the mock backend.
      resolveDebugConfiguration: (_folder, config) =>
        config.type === undefined && config.request === undefined && config.name === undefined
          ? { type: DEBUG_TYPE, request: 'launch', name: 'WebSocket API Gateway (mock)', mock: true }
          : config,
    }),
  ];
}

/** Reads the launch attributes; a mistake comes back as a message naming the attribute and the fix. */
export function launchOptions(
  args: GatewayLaunchArguments,
  folder: string | undefined,
): GatewayLaunch | string {
  const { port, tlsPort, mock, wso2Version, logTraffic, strict } = args;
  const listed: unknown = args.projects;
  const projects: string[] | undefined =
    Array.isArray(listed) && listed.every((path) => typeof path === 'string')
      ? listed.map((path) => String(path))
      : undefined;
  if (listed !== undefined && projects === undefined) {
    return 'projects is a list of API project folders or AsyncAPI files, e.g. ["${workspaceFolder}/chat-api"].';
  }
  if (port !== undefined && !isPort(port)) {
    return `port is a whole number from 0 to 65535 (0 picks a free one), not ${JSON.stringify(port)}.`;
  }
  if (tlsPort !== undefined && tlsPort !== 'off' && !isPort(tlsPort)) {
    return `tlsPort is a port from 0 to 65535 or "off", not ${JSON.stringify(tlsPort)}.`;
  }
  for (const [name, value] of Object.entries({ mock, logTraffic, strict })) {
    if (value !== undefined && typeof value !== 'boolean') {
      return `${name} is true or false, not ${JSON.stringify(value)}.`;
    }
  }
  if (wso2Version !== undefined && typeof wso2Version !== 'string') {
    return `wso2Version is a WSO2 version such as "4.2", not ${JSON.stringify(wso2Version)}.`;
  }
  return {
    ...(projects !== undefined && {
      paths: projects.map((path) =>
        folder === undefined ? path : path.replace(/\$\{workspaceFolder\}/g, folder),
      ),
    }),
    ...(port !== undefined && { port }),
    tlsPort: tlsPort ?? 'off',
    mock: mock ?? false,
    ...(wso2Version !== undefined && { wso2Version }),
    logTraffic: logTraffic ?? true,
    strict: strict ?? false,
  };
}

class GatewayDebugSession extends DebugSession {
  private unsubscribe: (() => void)[] = [];
  private ending = false;

  constructor(private readonly gateway: EditorGateway) {
    super();
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsTerminateRequest: true,
      supportsConfigurationDoneRequest: false,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override launchRequest(
    response: DebugProtocol.LaunchResponse,
    args: GatewayLaunchArguments,
  ): void {
    void this.launch(response, args);
  }

  private async launch(response: DebugProtocol.LaunchResponse, args: GatewayLaunchArguments): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const options = launchOptions(args, folder);
    if (typeof options === 'string') {
      this.sendErrorResponse(response, 1, `WebSocket API Gateway: ${options}`);
      return;
    }
    if (this.gateway.current !== undefined) {
      this.sendErrorResponse(
        response,
        2,
        `WebSocket API Gateway: a gateway already runs on ${this.gateway.current.url}: stop it first (WebSocket API: Stop Gateway).`,
      );
      return;
    }
    const started = performance.now();
    this.unsubscribe.push(this.gateway.process.onLine((line, stream) => this.line(line, stream)));
    try {
      const run = await this.gateway.launch(options);
      this.print({
        text: `listening ${run.url} after ${Math.round(performance.now() - started)} ms${run.mock ? ' (mock backend)' : ''}; frames appear below`,
      });
    } catch (error) {
      this.end();
      this.sendErrorResponse(
        response,
        3,
        `WebSocket API Gateway did not start: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    this.unsubscribe.push(
      this.gateway.process.onDidChange(() => {
        if (this.gateway.current === undefined) {
          this.end();
        }
      }),
    );
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [] };
    this.sendResponse(response);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    void this.gateway.stop().then(() => {
      this.sendResponse(response);
      this.end();
    });
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.ending = true;
    this.unsubscribe.forEach((unsubscribe) => unsubscribe());
    void this.gateway.stop().then(() => this.sendResponse(response));
  }

  /** One line the gateway printed: a traffic record as frame lines, its other output as it is. */
  private line(line: string, stream: 'stdout' | 'stderr'): void {
    const entry = readTrafficLine(line);
    if (entry !== undefined) {
      consoleLines(entry).forEach((piece) => this.print(piece));
    } else if (!/^wsapi-gateway: invalid message from the /.test(line)) {
      // Invalid frames are shown with their frame; everything else (route table, reloads, skips) as it is.
      this.print({ text: line, category: stream });
    }
  }

  private print(piece: ConsoleLine): void {
    const event = new OutputEvent(`${piece.text}\n`, piece.category ?? 'stdout') as DebugProtocol.OutputEvent;
    if (piece.group !== undefined) {
      event.body.group = piece.group;
    }
    this.sendEvent(event);
  }

  private end(): void {
    if (!this.ending) {
      this.ending = true;
      this.unsubscribe.forEach((unsubscribe) => unsubscribe());
      this.unsubscribe = [];
      this.sendEvent(new TerminatedEvent());
    }
  }
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;
}
