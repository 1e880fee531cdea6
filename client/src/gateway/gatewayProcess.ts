// The local gateway as a child process of the extension host: `dist/gateway.js` (the wsapi-gateway CLI, its
// public entry point) on 127.0.0.1, read through its documented output (route table, then `listening URL`).
// No VS Code API here.
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

import { stringify } from 'yaml';

/** One route of the gateway's table: the client URL of a topic and where it goes. */
export interface GatewayRoute {
  /** `ws://127.0.0.1:9099/chats/1.0.0/rooms/{roomID}` */
  readonly url: string;
  /** The backend URL, or `(mock)`. */
  readonly backend: string;
}

/** A project the gateway left out, with the first of its reasons. */
export interface SkippedProject {
  /** Its api.yaml, as the gateway names it. */
  readonly source: string;
  readonly reason: string;
}

export interface GatewayRun {
  /** `ws://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly routes: readonly GatewayRoute[];
  /** Projects it could not serve (the others are served), one entry each. */
  readonly skipped: readonly SkippedProject[];
  /** Whether the built-in mock backend answers instead of the APIs' endpoints. */
  readonly mock: boolean;
}

export interface GatewayStart {
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  readonly mock: boolean;
  /** API project folders or folders to search (paths). */
  readonly paths: readonly string[];
  /**
   * The gateway's config (the credentials it accepts), as YAML text: handed over the IPC channel
   * (`--config-ipc`), never written to disk; `updateConfig` replaces it while the gateway runs.
   */
  readonly config?: string;
  /** `--wso2-version`: the WSO2 version every project answers as; absent: each its api.yaml's. */
  readonly wso2Version?: string;
  /** The wss port (`--tls-port`); default off: the editor's gateway serves ws:// only. */
  readonly tlsPort?: number | 'off';
  /** `--log -`: one JSON line per connection event and frame on stdout (the Debug Console reads them). */
  readonly logTraffic?: boolean;
  /** `--strict`: frames that do not match their schema are dropped (4005). */
  readonly strict?: boolean;
}

/** Credentials the gateway started from the editor accepts: the user's own, from VS Code's secret storage. */
export interface EditorCredentials {
  readonly apiKey?: string;
  readonly oauth2Token?: string;
}

/** The command line of `dist/gateway.js` for a start; never binds to anything but the loopback address. */
export function gatewayArguments(start: GatewayStart): string[] {
  return [
    '--host',
    '127.0.0.1',
    '--port',
    String(start.port),
    // By default the editor's gateway serves ws:// only: Try Topic needs no certificate, and port 8099 stays free.
    '--tls-port',
    String(start.tlsPort ?? 'off'),
    ...(start.mock ? ['--mock'] : []),
    ...(start.logTraffic === true ? ['--log', '-'] : []),
    ...(start.strict === true ? ['--strict'] : []),
    ...(start.wso2Version === undefined ? [] : ['--wso2-version', start.wso2Version]),
    '--config-ipc',
    ...start.paths,
  ];
}

/** The gateway's config for the user's credentials; the token is granted every scope the APIs use. */
export function gatewayConfigText(credentials: EditorCredentials, scopes: readonly string[]): string {
  const { apiKey, oauth2Token } = credentials;
  return stringify({
    auth: {
      ...(apiKey !== undefined && { apiKeys: [apiKey] }),
      ...(oauth2Token !== undefined && {
        oauth2: { tokens: [{ token: oauth2Token, scopes: [...new Set(scopes)].sort() }] },
      }),
    },
  });
}

export type GatewayLine =
  | { readonly kind: 'route'; readonly route: GatewayRoute }
  | { readonly kind: 'listening'; readonly url: string; readonly port: number }
  /** `reloaded: N APIs, M routes`: the route lines before it are the table now served. */
  | { readonly kind: 'reloaded' }
  | { readonly kind: 'other' };

/** Reads one line of the gateway's standard error: a project it skipped, with why; undefined for any other. */
export function readSkippedLine(line: string): SkippedProject | undefined {
  const match = /^wsapi-gateway: skipped (.+?) \(the others are served\): (.*)$/.exec(line);
  return match === null ? undefined : { source: match[1] ?? '', reason: match[2] ?? '' };
}

/** Reads one line of the gateway's standard output. */
export function readGatewayLine(line: string): GatewayLine {
  if (line.startsWith('reloaded: ')) {
    return { kind: 'reloaded' };
  }
  const listening = /^listening (wss?:\/\/[^\s/]+:(\d+))\s*$/.exec(line);
  if (listening !== null) {
    return { kind: 'listening', url: listening[1] ?? '', port: Number(listening[2]) };
  }
  const route = /^(wss?:\/\/\S+) -> (.+)$/.exec(line);
  if (route !== null) {
    return { kind: 'route', route: { url: route[1] ?? '', backend: (route[2] ?? '').trim() } };
  }
  return { kind: 'other' };
}

/**
 * Why the gateway did not start, from its standard error (each line without the `wsapi-gateway: ` prefix): what
 * follows `cannot start:` when it says so (not the notes before it), else every line.
 */
export function startFailure(lines: readonly string[]): string {
  const at = lines.findIndex((line) => line.endsWith('cannot start:'));
  return (at === -1 ? lines : lines.slice(at + 1)).join('\n');
}

/** The port of a `Port N on HOST is already in use` start failure, or undefined for any other. */
export function portInUse(message: string): number | undefined {
  const match = /\bPort (\d+) on \S+ is already in use\b/.exec(message);
  return match === null ? undefined : Number(match[1]);
}

/** Time a stop waits for the gateway to close its connections (it gives them 3 s) before killing it. */
const STOP_GRACE_MS = 5000;

/** One gateway process at a time: started, listened to, stopped. */
export class GatewayProcess {
  private child: ChildProcess | undefined;
  private run: GatewayRun | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private readonly lineListeners = new Set<(line: string, stream: 'stdout' | 'stderr') => void>();

  /** `script` is dist/gateway.js; every line the gateway prints goes to `log`. */
  constructor(
    private readonly script: string,
    private readonly log: (line: string) => void,
  ) {}

  /** The running gateway, or undefined. */
  get current(): GatewayRun | undefined {
    return this.run;
  }

  /** Calls `listener` whenever the gateway starts or stops; returns the unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` with each line the gateway prints; returns the unsubscribe function. */
  onLine(listener: (line: string, stream: 'stdout' | 'stderr') => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /** Starts the gateway; resolves once it listens, rejects with its own explanation when it cannot start. */
  async start(start: GatewayStart): Promise<GatewayRun> {
    if (this.run !== undefined) {
      return this.run;
    }
    await this.exited;
    return this.spawn(start);
  }

  /**
   * Gives the running gateway a new config (e.g. a credential the user just stored): it applies it to new
   * handshakes as it does an edit of its config file; open connections stay. Rejects with the gateway's reason.
   */
  updateConfig(config: string): Promise<void> {
    const child = this.child;
    if (child === undefined || this.run === undefined) {
      return Promise.reject(new Error('the gateway is not running.'));
    }
    return new Promise((resolve, reject) => {
      const answered = (message: unknown): void => {
        if (typeof message !== 'object' || message === null) {
          return;
        }
        const answer = message as { configApplied?: unknown; configFailed?: unknown };
        if (answer.configApplied === true || typeof answer.configFailed === 'string') {
          child.off('message', answered);
          child.off('exit', gone);
          if (answer.configApplied === true) {
            resolve();
          } else {
            reject(new Error(String(answer.configFailed)));
          }
        }
      };
      const gone = (): void => {
        child.off('message', answered);
        reject(new Error('the gateway stopped before it took the new config.'));
      };
      child.on('message', answered);
      child.once('exit', gone);
      child.send({ config });
    });
  }

  private spawn(start: GatewayStart): Promise<GatewayRun> {
    const child = fork(this.script, gatewayArguments(start), {
      silent: true,
      execArgv: [],
      // In VS Code's Electron this runs the script with Node; plain Node ignores it.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    this.child = child;
    child.send({ config: start.config ?? '{}' }); // --config-ipc: it starts once it has it
    // The gateway does not outlive the extension host, even when VS Code exits without deactivating us.
    const killChild = (): void => void child.kill();
    process.once('exit', killChild);
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        process.removeListener('exit', killChild);
        resolve();
      }),
    );
    const routes: GatewayRoute[] = [];
    // The route lines of a reload replace the table when `reloaded:` follows them.
    let table: GatewayRoute[] = [];
    const skipped: SkippedProject[] = [];
    const errors: string[] = [];
    return new Promise<GatewayRun>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        this.lineListeners.forEach((listener) => listener(line, 'stdout'));
        if (start.logTraffic === true && line.startsWith('{')) {
          return; // a traffic record: for the Debug Console, not the output channel
        }
        this.log(line);
        const read = readGatewayLine(line);
        if (read.kind === 'route') {
          table.push(read.route);
        } else if (read.kind === 'reloaded' && this.run !== undefined) {
          routes.splice(0, routes.length, ...table);
          table = [];
          this.changed();
        } else if (read.kind === 'listening' && this.run === undefined && this.child === child) {
          routes.push(...table);
          table = [];
          this.run = { url: read.url, port: read.port, routes, skipped, mock: start.mock };
          this.changed();
          resolve(this.run);
        }
      });
      createInterface({ input: child.stderr! }).on('line', (line) => {
        this.lineListeners.forEach((listener) => listener(line, 'stderr'));
        this.log(line);
        const left = readSkippedLine(line);
        if (left !== undefined && !skipped.some((project) => project.source === left.source)) {
          skipped.push(left);
          if (this.run !== undefined && this.child === child) {
            this.changed(); // stderr may come after `listening`: the status shows it then
          }
        }
        errors.push(line.replace(/^wsapi-gateway: /, ''));
      });
      child.once('error', (error) => reject(new Error(`the gateway did not start: ${error.message}`)));
      child.once('exit', (code, signal) => {
        const wasRunning = this.child === child && this.run !== undefined;
        if (this.child === child) {
          this.child = undefined;
          this.run = undefined;
        }
        this.log(`The gateway stopped (${signal ?? `exit code ${String(code)}`}).`);
        reject(new Error(startFailure(errors) || `the gateway stopped at once (exit code ${String(code)}).`));
        if (wasRunning) {
          this.changed();
        }
      });
    });
  }

  /** Stops the gateway (its connections are closed with 1001) and resolves when the process is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) {
      return;
    }
    const exited = this.exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }

  private changed(): void {
    this.listeners.forEach((listener) => listener());
  }
}
