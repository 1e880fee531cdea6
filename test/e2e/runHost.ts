// Runs the e2e suite (test/e2e/suite) inside a real VS Code 1.100.3: code-server serves the workbench, headless
// Chromium opens it with the extension under development, and the suite's results file says how it went.
//
//   node out/test/e2e/runHost.js [--vsix path/to/file.vsix] [--timeout-ms N]
//
// See test/e2e/README.md.
import type { ChildProcess } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { openWorkbench, type Workbench } from './browser';
import {
  checkPrerequisites,
  CODE_SERVER_VERSION,
  delay,
  describeExit,
  ensureCodeServer,
  freePort,
  hostCacheDir,
  installVsix,
  signalGroup,
  startCodeServer,
  waitForHttp,
  VSCODE_VERSION,
  type RunningCodeServer,
} from './codeServer';
import { printSummary, readResults } from './results';
import type { ResultsFile } from './suite/harness';

/** This file runs as <outDir>/test/e2e/runHost.js (out/ by default; any folder of the repository works). */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const SUITE_ENTRY = join(__dirname, 'suite', 'index.js');
const WORKSPACE_FIXTURE = join(REPO_ROOT, 'test', 'e2e', 'workspace');
const EXTENSION_ID = 'wsapi.wsapi';
const DEFAULT_TIMEOUT_MS = 300_000;
/** How long to wait for the results file after the extension host has exited. */
const EXIT_GRACE_MS = 3000;
const LOG_TAIL_LINES = 60;

interface Options {
  readonly vsix: string | undefined;
  readonly timeoutMs: number;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: { vsix: { type: 'string' }, 'timeout-ms': { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const timeoutMs = values['timeout-ms'] === undefined ? DEFAULT_TIMEOUT_MS : Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new UsageError(
      `--timeout-ms wants a positive whole number of milliseconds, not '${values['timeout-ms']}'`,
    );
  }
  return { vsix: values.vsix === undefined ? undefined : resolve(values.vsix), timeoutMs };
}

class UsageError extends Error {}

/** What the run started, stopped in reverse order on every way out (pass, fail, timeout, signals). */
class Resources {
  private readonly stack: Array<{ name: string; release: () => Promise<void> | void }> = [];
  private releasing: Promise<void> | undefined;

  add(name: string, release: () => Promise<void> | void): void {
    this.stack.push({ name, release });
  }

  release(log: (line: string) => void): Promise<void> {
    this.releasing ??= (async () => {
      for (let item = this.stack.pop(); item !== undefined; item = this.stack.pop()) {
        try {
          await item.release();
        } catch (error) {
          log(`e2e: stopping ${item.name} failed: ${String(error)}`);
        }
      }
    })();
    return this.releasing;
  }
}

/** A log file in the run folder, plus the last lines in memory for printing on failure. */
class RunLog {
  private readonly stream;
  private readonly tail: string[] = [];
  private closed = false;

  constructor(readonly file: string) {
    this.stream = createWriteStream(file);
  }

  write(line: string): void {
    if (!this.closed) {
      this.stream.write(`${line}\n`);
    }
    this.tail.push(line);
    if (this.tail.length > LOG_TAIL_LINES) {
      this.tail.shift();
    }
  }

  lastLines(): readonly string[] {
    return this.tail;
  }

  close(): Promise<void> {
    this.closed = true;
    return new Promise((resolvePromise) => this.stream.end(() => resolvePromise()));
  }
}

interface Outcome {
  readonly results: ResultsFile | undefined;
  /** Why the run is a failure although (or because) the results are incomplete. */
  readonly problem: string | undefined;
}

const resources = new Resources();

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
    console.error('usage: node out/test/e2e/runHost.js [--vsix path/to/file.vsix] [--timeout-ms N]');
    return 2;
  }
  const runDir = mkdtempSync(join(tmpdir(), 'wsapi-e2e-'));
  const log = new RunLog(join(runDir, 'e2e.log'));
  const say = (line: string): void => {
    console.log(line);
    log.write(`[runner] ${line}`);
  };
  say(`e2e: run folder ${runDir}`);

  let outcome: Outcome;
  let workbench: Workbench | undefined;
  try {
    outcome = await runOnce(options, runDir, log, say, (opened) => (workbench = opened));
  } catch (error) {
    outcome = { results: undefined, problem: error instanceof Error ? error.message : String(error) };
  }
  const results = outcome.results;
  const ok =
    outcome.problem === undefined &&
    results?.done === true &&
    results.tests.length > 0 &&
    results.tests.every((test) => test.ok);
  if (!ok && workbench !== undefined) {
    const screenshot = join(runDir, 'failure.png');
    if (await workbench.screenshot(screenshot)) {
      say(`e2e: screenshot of the workbench: ${screenshot}`);
    }
  }
  await resources.release(say);

  if (!ok) {
    console.log(`e2e: last ${LOG_TAIL_LINES} lines of ${log.file}:`);
    log.lastLines().forEach((line) => console.log(`  | ${line}`));
    console.log(`e2e: run folder kept for debugging: ${runDir} (VS Code's logs: user-data/logs/)`);
  }
  const summary = printSummary(results, outcome.problem, (line) => {
    console.log(line);
    log.write(`[runner] ${line}`);
  });
  await log.close();
  if (ok && process.env.WSAPI_E2E_KEEP !== '1') {
    rmSync(runDir, { recursive: true, force: true });
  }
  return ok && summary.failed === 0 ? 0 : 1;
}

async function runOnce(
  options: Options,
  runDir: string,
  log: RunLog,
  say: (line: string) => void,
  onWorkbench: (workbench: Workbench) => void,
): Promise<Outcome> {
  checkBuilt(options);
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  const resultsFile = join(runDir, 'results.json');
  const workspace = join(runDir, 'workspace');
  mkdirSync(extensionsDir);
  writeUserSettings(userDataDir);
  const baseEnv = codeServerEnv(runDir);

  // 1. The VS Code host, from the cache or installed now.
  const cacheDir = hostCacheDir();
  let npmChild: ChildProcess | undefined;
  resources.add('npm install', () => {
    if (npmChild?.pid !== undefined) {
      signalGroup(npmChild.pid, 'SIGKILL');
    }
  });
  const install = await ensureCodeServer({
    cacheDir,
    env: baseEnv,
    log: say,
    logDir: runDir,
    onChild: (child) => (npmChild = child),
  });
  say(`e2e: VS Code host: code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}) in ${install.dir}`);
  checkPrerequisites({ install: false });

  // 2. A fresh workspace copy, and the extension to load: the repository, or the VSIX installed for this run.
  cpSync(WORKSPACE_FIXTURE, workspace, { recursive: true });
  let developmentPath = REPO_ROOT;
  const env: NodeJS.ProcessEnv = { ...baseEnv, WSAPI_E2E_RESULTS: resultsFile };
  if (options.vsix === undefined) {
    say(`e2e: extension under test: ${REPO_ROOT} (development)`);
  } else {
    installVsix(install, options.vsix, { extensionsDir, userDataDir }, baseEnv);
    say(`e2e: extension under test: ${describeInstalled(extensionsDir)} (from ${options.vsix})`);
    developmentPath = writeHarnessExtension(join(runDir, 'harness-extension'));
    env.WSAPI_E2E_EXPECT_INSTALLED = '1';
    env.WSAPI_E2E_EXTENSIONS_DIR = extensionsDir;
  }

  // 3. code-server on a free loopback port.
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const port = await freePort();
  let extensionHostExitedAt: number | undefined;
  const server = startCodeServer({
    install,
    port,
    userDataDir,
    extensionsDir,
    workspace,
    env,
    onLine: (line) => {
      log.write(line);
      if (/Extension Host Process exited/.test(line)) {
        extensionHostExitedAt ??= Date.now();
      }
    },
  });
  resources.add('code-server', () => server.stop());
  await waitForHttp(server, deadline);
  say(`e2e: code-server answers on http://127.0.0.1:${port} after ${Date.now() - started} ms`);

  // 4. The workbench in headless Chromium, told to load the extension and run the suite.
  const remote = (path: string): string =>
    `vscode-remote://127.0.0.1:${port}${path.split('/').map(encodeURIComponent).join('/')}`;
  const url = new URL(`http://127.0.0.1:${port}/`);
  url.searchParams.set('folder', workspace);
  url.searchParams.set(
    'payload',
    JSON.stringify([
      ['extensionDevelopmentPath', remote(developmentPath)],
      ['extensionTestsPath', remote(SUITE_ENTRY)],
    ]),
  );
  log.write(`[runner] opening ${url.toString()}`);
  const workbench = await openWorkbench(url.toString(), {
    homeDir: join(runDir, 'browser'),
    log: (line) => log.write(line),
  });
  onWorkbench(workbench);
  resources.add('browser', () => workbench.close());
  say(`e2e: workbench opened after ${Date.now() - started} ms; running the suite`);

  // 5. Wait for the suite to finish, fail, or stop reporting.
  const outcome = await pollResults(
    resultsFile,
    server,
    workbench,
    deadline,
    options.timeoutMs,
    () => extensionHostExitedAt,
  );
  say(
    `e2e: suite ${outcome.results?.done === true ? 'finished' : 'stopped'} after ${Date.now() - started} ms`,
  );
  return outcome;
}

async function pollResults(
  resultsFile: string,
  server: RunningCodeServer,
  workbench: Workbench,
  deadline: number,
  timeoutMs: number,
  extensionHostExitedAt: () => number | undefined,
): Promise<Outcome> {
  for (;;) {
    const results = readResults(resultsFile);
    const exitedAt = extensionHostExitedAt();
    if (results?.done === true) {
      return { results, problem: undefined };
    }
    if (server.exit !== undefined) {
      return { results, problem: `code-server exited early (${describeExit(server.exit)})` };
    }
    if (workbench.crashed()) {
      return { results, problem: 'the browser page crashed' };
    }
    if (exitedAt !== undefined && Date.now() - exitedAt > EXIT_GRACE_MS) {
      return {
        results,
        problem:
          results === undefined
            ? 'the extension host exited without writing results (did the suite fail to load? see the log)'
            : 'the extension host exited before the suite finished',
      };
    }
    if (Date.now() > deadline) {
      return { results, problem: `time limit of ${timeoutMs} ms reached` };
    }
    await delay(250);
  }
}

function checkBuilt(options: Options): void {
  const manifest = join(REPO_ROOT, 'package.json');
  if (
    !existsSync(manifest) ||
    (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name !== 'wsapi'
  ) {
    throw new Error(`${REPO_ROOT} is not the wsapi repository (runHost.js must run from out/test/e2e)`);
  }
  const needed = [
    SUITE_ENTRY,
    ...(options.vsix === undefined ? [join(REPO_ROOT, 'dist', 'extension.js')] : []),
  ];
  const missing = needed.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `missing ${missing.join(', ')}: run 'npm run build && npx tsc -p tsconfig.test.json' first`,
    );
  }
  if (options.vsix !== undefined && !existsSync(options.vsix)) {
    throw new Error(`no VSIX at ${options.vsix}`);
  }
}

/**
 * The environment code-server (and so the extension host and the suite) runs with: this process's, without the
 * variables of a VS Code terminal this may run in (VSCODE_IPC_HOOK_CLI would make code-server hand the folder to
 * that VS Code instead of serving it), with its config and data files in the run folder, no extension gallery (the
 * machine reaches no marketplace; the gallery would only log lookup errors).
 */
function codeServerEnv(runDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VSCODE_') && key !== 'ELECTRON_RUN_AS_NODE' && !key.startsWith('WSAPI_E2E_')) {
      env[key] = value;
    }
  }
  env.CODE_SERVER_CONFIG = join(runDir, 'code-server.yaml');
  // code-server keeps a heartbeat file and its logs under $XDG_DATA_HOME/code-server.
  env.XDG_DATA_HOME = join(runDir, 'xdg-data');
  env.EXTENSIONS_GALLERY = '{}';
  return env;
}

/** User settings for a quiet workbench: no welcome page or tips over the editors the tests open. */
function writeUserSettings(userDataDir: string): void {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
  };
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Checks that the VSIX landed in the extensions folder as wsapi.wsapi; describes the installed copy. */
function describeInstalled(extensionsDir: string): string {
  const listing = join(extensionsDir, 'extensions.json');
  const entries: unknown = existsSync(listing) ? JSON.parse(readFileSync(listing, 'utf8')) : [];
  const entry = Array.isArray(entries) ? entries.find(isExtensionEntry) : undefined;
  if (entry === undefined) {
    throw new Error(`the VSIX installed, but ${listing} does not list ${EXTENSION_ID}`);
  }
  return `${EXTENSION_ID}@${entry.version} installed at ${entry.location.path}`;
}

function isExtensionEntry(
  value: unknown,
): value is { identifier: { id: string }; version: string; location: { path: string } } {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const entry = value as { identifier?: { id?: unknown }; version?: unknown; location?: { path?: unknown } };
  return (
    typeof entry.identifier?.id === 'string' &&
    entry.identifier.id.toLowerCase() === EXTENSION_ID &&
    typeof entry.version === 'string' &&
    typeof entry.location?.path === 'string'
  );
}

/**
 * In --vsix mode the workbench still needs an extensionDevelopmentPath to run extension tests; this throwaway
 * extension fills it, so the wsapi.wsapi that loads is the copy installed from the VSIX.
 */
function writeHarnessExtension(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'wsapi-e2e-harness',
    publisher: 'wsapi-e2e',
    version: '0.0.0',
    engines: { vscode: '^1.90.0' },
    main: './index.js',
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'index.js'), '// Intentionally empty: see runHost.ts.\n');
  return dir;
}

function onSignal(signal: NodeJS.Signals, code: number): void {
  process.once(signal, () => {
    console.log(`e2e: ${signal}: stopping what the run started`);
    void resources.release((line) => console.log(line)).finally(() => process.exit(code));
  });
}

onSignal('SIGINT', 130);
onSignal('SIGTERM', 143);
main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(`e2e: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await resources.release((line) => console.log(line));
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
