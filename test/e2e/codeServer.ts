// A real VS Code for the e2e tests: code-server (VS Code's server build, from npm) installed once into a cache
// folder outside the project, then started per run on a free loopback port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { arch, homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';

/** Where a run that stops early leaves its partial install: `<cache>.partial-<pid>`. */
const PARTIAL_SUFFIX = '.partial-';

/** The ripgrep build that @vscode/ripgrep 1.15.11 (inside code-server's VS Code) fetches, and where it looks first. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';

interface Prerequisite {
  readonly path: string;
  readonly aptPackage: string;
  readonly why: string;
}

const CHROMIUM: Prerequisite = {
  path: '/usr/bin/chromium',
  aptPackage: 'chromium',
  why: 'the headless browser that shows the workbench',
};
const INSTALL_PREREQUISITES: readonly Prerequisite[] = [
  { path: '/usr/bin/rg', aptPackage: 'ripgrep', why: "ripgrep, pre-seeded for VS Code's @vscode/ripgrep" },
  {
    path: '/usr/include/gssapi/gssapi.h',
    aptPackage: 'libkrb5-dev',
    why: "the gssapi header that VS Code's kerberos module builds against",
  },
];

export const CHROMIUM_PATH = CHROMIUM.path;

/** `${WSAPI_VSCODE_HOST_CACHE:-${XDG_CACHE_HOME:-~/.cache}}/wsapi/vscode-host` */
export function hostCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    nonEmpty(env.WSAPI_VSCODE_HOST_CACHE) ?? nonEmpty(env.XDG_CACHE_HOME) ?? join(homedir(), '.cache');
  return join(resolve(base), 'wsapi', 'vscode-host');
}

/** Throws one message naming the apt-get command that installs whatever is missing. */
export function checkPrerequisites(options: { install: boolean }): void {
  const wanted = options.install ? [CHROMIUM, ...INSTALL_PREREQUISITES] : [CHROMIUM];
  const missing = wanted.filter((prerequisite) => !existsSync(prerequisite.path));
  if (missing.length > 0) {
    throw new Error(
      `missing ${missing.map((p) => `${p.path} (${p.why})`).join(', ')}.\n` +
        `Fix: apt-get update && apt-get install -y ${missing.map((p) => p.aptPackage).join(' ')}`,
    );
  }
}

export interface CodeServerInstall {
  readonly dir: string;
  /** The code-server launcher (a Node.js script). */
  readonly entry: string;
}

function installAt(dir: string): CodeServerInstall {
  return { dir, entry: join(dir, 'node_modules', '.bin', 'code-server') };
}

/**
 * Whether `dir` holds a complete code-server of the wanted version: `--version` prints it, and the postinstall step
 * (which builds VS Code's own node_modules) left its marks.
 */
function isUsable(install: CodeServerInstall, env: NodeJS.ProcessEnv): boolean {
  if (!existsSync(install.entry)) {
    return false;
  }
  const vscodeDir = join(install.dir, 'node_modules', 'code-server', 'lib', 'vscode');
  const postinstalled =
    existsSync(join(vscodeDir, 'node_modules.asar')) &&
    existsSync(join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  return postinstalled && printedVersion(install, env).startsWith(`${CODE_SERVER_VERSION} `);
}

function printedVersion(install: CodeServerInstall, env: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, [install.entry, '--version'], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return result.status === 0 ? (result.stdout.trim().split('\n').pop() ?? '') : '';
}

/**
 * Reuses the cached code-server or installs it. The install goes to a sibling folder that is renamed into place
 * only once complete, so an interrupted install is never taken for a good cache.
 */
export async function ensureCodeServer(options: {
  readonly cacheDir: string;
  /** Environment for code-server calls (keeps its config file out of the home folder). */
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  /** Folder for the npm log. */
  readonly logDir: string;
  /** Receives the npm child while it runs, so a signal handler can stop it. */
  readonly onChild?: (child: ChildProcess | undefined) => void;
}): Promise<CodeServerInstall> {
  const cached = installAt(options.cacheDir);
  if (isUsable(cached, options.env)) {
    return cached;
  }
  checkPrerequisites({ install: true });
  removeStalePartials(options.cacheDir);
  const partialDir = `${options.cacheDir}${PARTIAL_SUFFIX}${process.pid}`;
  rmSync(partialDir, { recursive: true, force: true });
  mkdirSync(partialDir, { recursive: true });
  seedRipgrep();

  const npmLog = join(options.logDir, 'npm-install.log');
  options.log(
    `e2e: installing VS Code host (code-server ${CODE_SERVER_VERSION}) into ${options.cacheDir}...`,
  );
  options.log(`e2e: (one time, about 1-3 minutes; npm output goes to ${npmLog})`);
  const started = Date.now();
  try {
    const code = await runLogged(
      'npm',
      [
        'install',
        '--prefix',
        partialDir,
        `code-server@${CODE_SERVER_VERSION}`,
        '--unsafe-perm',
        '--no-audit',
        '--no-fund',
      ],
      // node-pty's install runs `npx node-gyp`, which would otherwise stop to ask.
      { ...options.env, npm_config_yes: 'true' },
      npmLog,
      options.onChild,
    );
    if (code !== 0) {
      throw new Error(`npm install of code-server@${CODE_SERVER_VERSION} failed (${code}); see ${npmLog}`);
    }
    const installed = installAt(partialDir);
    if (!isUsable(installed, options.env)) {
      throw new Error(
        `code-server@${CODE_SERVER_VERSION} installed but is incomplete (its postinstall step did not build ` +
          `lib/vscode/node_modules; did npm skip install scripts?); see ${npmLog}`,
      );
    }
    // Another run may have finished the same install meanwhile: then keep its copy (it may be in use).
    if (!isUsable(cached, options.env)) {
      rmSync(options.cacheDir, { recursive: true, force: true });
      try {
        renameSync(partialDir, options.cacheDir);
      } catch (error) {
        if (!isUsable(cached, options.env)) {
          throw error;
        }
      }
    }
  } finally {
    rmSync(partialDir, { recursive: true, force: true });
  }
  options.log(
    `e2e: installed code-server ${CODE_SERVER_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return cached;
}

/** Deletes `<cache>.partial-<pid>` folders whose installing process is gone. */
function removeStalePartials(cacheDir: string): void {
  const parent = dirname(cacheDir);
  const prefix = `${cacheDir.slice(parent.length + 1)}${PARTIAL_SUFFIX}`;
  if (!existsSync(parent)) {
    return;
  }
  for (const entry of readdirSync(parent)) {
    const pid = Number(entry.slice(prefix.length));
    if (entry.startsWith(prefix) && Number.isInteger(pid) && !isAlive(pid)) {
      rmSync(join(parent, entry), { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * @vscode/ripgrep downloads its binary from GitHub unless the archive is already in its cache folder under
 * os.tmpdir(); this machine reaches only the package registries, so put Debian's rg there.
 */
function seedRipgrep(): void {
  const target =
    arch() === 'arm64'
      ? 'aarch64-unknown-linux-musl'
      : arch() === 'x64'
        ? 'x86_64-unknown-linux-musl'
        : undefined;
  if (target === undefined) {
    throw new Error(`no pre-seeded ripgrep for architecture ${arch()}`);
  }
  const cacheDir = join(tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const archive = join(cacheDir, `ripgrep-${RIPGREP_RELEASE}-${target}.tar.gz`);
  if (existsSync(archive) && statSync(archive).size > 0) {
    return;
  }
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'wsapi-rg-'));
  try {
    copyFileSync('/usr/bin/rg', join(staging, 'rg'));
    const partial = `${archive}.${process.pid}.tmp`;
    const tar = spawnSync('tar', ['-czf', partial, '-C', staging, 'rg'], { encoding: 'utf8' });
    if (tar.status !== 0) {
      throw new Error(`could not pack /usr/bin/rg into ${archive}: ${tar.stderr}`);
    }
    renameSync(partial, archive);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Runs a command in its own process group with its output in `logFile`; resolves with the exit code. */
function runLogged(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  onChild?: (child: ChildProcess | undefined) => void,
): Promise<number | string> {
  return new Promise((resolvePromise, reject) => {
    const out = createWriteStream(logFile);
    const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    onChild?.(child);
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.once('error', (error) => {
      onChild?.(undefined);
      out.end();
      reject(error);
    });
    child.once('close', (code, signal) => {
      onChild?.(undefined);
      out.end(() => resolvePromise(code ?? signal ?? 'unknown'));
    });
  });
}

/** Installs a VSIX into `extensionsDir` with code-server's CLI; returns what the CLI printed. */
export function installVsix(
  install: CodeServerInstall,
  vsix: string,
  dirs: { extensionsDir: string; userDataDir: string },
  env: NodeJS.ProcessEnv,
): string {
  const result = spawnSync(
    process.execPath,
    [
      install.entry,
      '--install-extension',
      vsix,
      '--extensions-dir',
      dirs.extensionsDir,
      '--user-data-dir',
      dirs.userDataDir,
    ],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${result.stdout}${result.stderr}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`installing ${vsix} failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
  return output;
}

/** A free TCP port on the loopback interface (the OS picks one for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePromise(port) : reject(new Error('no free port'))));
    });
  });
}

export interface RunningCodeServer {
  readonly child: ChildProcess;
  readonly port: number;
  /** Set once the process has exited. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Stops the whole process group: SIGTERM, then SIGKILL after `graceMs`. Safe to call more than once. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  readonly install: CodeServerInstall;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly workspace: string;
  readonly env: NodeJS.ProcessEnv;
  /** Receives every line code-server prints (stdout and stderr). */
  readonly onLine: (line: string) => void;
}

export function startCodeServer(options: StartOptions): RunningCodeServer {
  const args = [
    realpathSync(options.install.entry),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${options.port}`,
    '--disable-workspace-trust',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    options.userDataDir,
    '--extensions-dir',
    options.extensionsDir,
    options.workspace,
  ];
  // detached: its own process group, so stopping it also stops the extension host and the language server.
  const child = spawn(process.execPath, args, {
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: RunningCodeServer = {
    child,
    port: options.port,
    exit: undefined,
    stop: (graceMs = 5000) => stopGroup(child, running, graceMs),
  };
  child.once('exit', (code, signal) => {
    running.exit = { code, signal };
  });
  forwardLines(child.stdout, options.onLine);
  forwardLines(child.stderr, options.onLine);
  return running;
}

function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let pending = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    lines.forEach((line) => onLine(line));
  });
  stream?.on('end', () => {
    if (pending !== '') {
      onLine(pending);
    }
  });
}

const stopping = new WeakMap<ChildProcess, Promise<void>>();

function stopGroup(child: ChildProcess, running: RunningCodeServer, graceMs: number): Promise<void> {
  const already = stopping.get(child);
  if (already !== undefined) {
    return already;
  }
  const done = (async () => {
    if (child.pid === undefined) {
      return;
    }
    const pid = child.pid;
    if (running.exit === undefined) {
      const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
      signalGroup(pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
    }
    // Whatever is left of the group (extension host, language server) goes too.
    signalGroup(pid, 'SIGKILL');
  })();
  stopping.set(child, done);
  return done;
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Resolves once code-server answers HTTP on its port; rejects at the deadline or when it exits. */
export async function waitForHttp(server: RunningCodeServer, deadline: number): Promise<void> {
  for (;;) {
    if (server.exit !== undefined) {
      throw new Error(`code-server exited before it answered HTTP (${describeExit(server.exit)})`);
    }
    if (await answers(`http://127.0.0.1:${server.port}/healthz`)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`code-server did not answer HTTP on port ${server.port} in time`);
    }
    await delay(200);
  }
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const request = get(url, (response) => {
      response.resume();
      resolvePromise(true);
    });
    request.setTimeout(2000, () => request.destroy());
    request.once('error', () => resolvePromise(false));
  });
}

export function describeExit(exit: { code: number | null; signal: NodeJS.Signals | null }): string {
  return exit.signal !== null ? `signal ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
