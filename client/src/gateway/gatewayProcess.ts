// The local gateway as a child process of the extension host: `dist/gateway.js` (the wsapi-gateway CLI, its
// public entry point) on 127.0.0.1, read through its documented output (route table, then `listening URL`).
// No VS Code API here.
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
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
  /** Credentials the gateway accepts: written to `file` (owner-only) for the start, deleted once read. */
  readonly config?: { readonly file: string; readonly text: string };
  /** `--wso2-version`: the WSO2 version every project answers as; absent: each its api.yaml's. */
  readonly wso2Version?: string;
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
    // The editor's gateway serves ws:// only: Try Topic needs no certificate, and port 8099 stays free.
    '--tls-port',
    'off',
    ...(start.mock ? ['--mock'] : []),
    ...(start.wso2Version === undefined ? [] : ['--wso2-version', start.wso2Version]),
    ...(start.config === undefined ? [] : ['--config', start.config.file]),
    ...start.paths,
  ];
}

/** The `--config` file for the user's credentials; the token is granted every scope the APIs use. */
export function gatewayConfigText(
  credentials: EditorCredentials,
  scopes: readonly string[],
): string | undefined {
  const { apiKey, oauth2Token } = credentials;
  if (apiKey === undefined && oauth2Token === undefined) {
    return undefined;
  }
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
  | { readonly kind: 'other' };

/** Reads one line of the gateway's standard error: a project it skipped, with why; undefined for any other. */
export function readSkippedLine(line: string): SkippedProject | undefined {
  const match = /^wsapi-gateway: skipped (.+?) \(the others are served\): (.*)$/.exec(line);
  return match === null ? undefined : { source: match[1] ?? '', reason: match[2] ?? '' };
}

/** Reads one line of the gateway's standard output. */
export function readGatewayLine(line: string): GatewayLine {
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

/** Time a stop waits for the gateway to close its connections (it gives them 3 s) before killing it. */
const STOP_GRACE_MS = 5000;

/** One gateway process at a time: started, listened to, stopped. */
export class GatewayProcess {
  private child: ChildProcess | undefined;
  private run: GatewayRun | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

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

  /** Starts the gateway; resolves once it listens, rejects with its own explanation when it cannot start. */
  async start(start: GatewayStart): Promise<GatewayRun> {
    if (this.run !== undefined) {
      return this.run;
    }
    await this.exited;
    if (start.config !== undefined) {
      writeFileSync(start.config.file, start.config.text, { mode: 0o600 });
    }
    const forget = (): void => {
      if (start.config !== undefined) {
        rmSync(start.config.file, { force: true });
      }
    };
    try {
      return await this.spawn(start);
    } finally {
      forget(); // read at start: the credentials do not stay on disk
    }
  }

  private spawn(start: GatewayStart): Promise<GatewayRun> {
    const child = fork(this.script, gatewayArguments(start), {
      silent: true,
      execArgv: [],
      // In VS Code's Electron this runs the script with Node; plain Node ignores it.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    this.child = child;
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
    const skipped: SkippedProject[] = [];
    const errors: string[] = [];
    return new Promise<GatewayRun>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        this.log(line);
        const read = readGatewayLine(line);
        if (read.kind === 'route') {
          routes.push(read.route);
        } else if (read.kind === 'listening' && this.run === undefined && this.child === child) {
          this.run = { url: read.url, port: read.port, routes, skipped, mock: start.mock };
          this.changed();
          resolve(this.run);
        }
      });
      createInterface({ input: child.stderr! }).on('line', (line) => {
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
        reject(new Error(errors.join('\n') || `the gateway stopped at once (exit code ${String(code)}).`));
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
