// `npm run bench:gateway`: the same load generator against a `ws` echo backend directly, through our gateway
// (node dist/gateway.js, raw relay) and through nginx as a WebSocket reverse proxy, in one run, every piece in
// a process of its own on 127.0.0.1. Prints the measurements and the ratios issue #6 states its targets in.
// Options (for a look at one thing): --connections N --window N --warmup S --duration S --rounds N
// --load-processes N --idle N (0: no idle phase) --targets direct,gateway,nginx --rate N (fixed rate)
// --no-max (skip the maximum-rate phases; with --rate) --profile DIR (the gateway writes a --cpu-prof there).
import { setTimeout as sleep } from 'node:timers/promises';
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { GATEWAY_BUNDLE, requireBuilt } from '../test/support/paths';
import { startNode, type RunningProcess } from '../test/support/processes';
import type { LoadCommand, LoadJob, LoadResult } from './gatewayLoad';

const NGINX = '/usr/sbin/nginx';
/** USER_HZ: the unit of the CPU times in /proc/PID/stat (100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;
const TOPIC_PATH = '/messages';
const SMALL = 64;
const LARGE = 16 * 1024;

interface Settings {
  readonly connections: number;
  readonly window: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly loadProcesses: number;
  readonly idleConnections: number;
  /** Each measurement is repeated this often, the targets taking turns (`--rounds N`). */
  readonly rounds: number;
  /** Targets to measure (`--targets direct,gateway,nginx`); the gateway is always run for the fixed rate. */
  readonly targets: ReadonlySet<string>;
  /** Where the gateway writes a CPU profile of the load phases (`--profile DIR`), if anywhere. */
  readonly profileDir?: string;
  /** The fixed rate of the latency phase (`--rate N`); by default half the gateway's 64 B maximum. */
  readonly fixedRate?: number;
  /** Skip the maximum-rate phases (`--no-max`; needs --rate). */
  readonly skipMax: boolean;
}

interface Target {
  readonly name: string;
  readonly url: string;
  /** The proxy's process, whose memory is measured; none for the backend itself. */
  readonly pid: number | undefined;
}

interface TargetFigures {
  smallRate?: number;
  largeRate?: number;
  /** Each round's figures, in round order: ratios are taken round by round. */
  smallRates?: number[];
  largeRates?: number[];
  p99sMs?: number[];
  p50Ms?: number;
  p99Ms?: number;
  /** Echoes that came back at the fixed rate, of those sent. */
  delivered?: number;
  /** CPU time the proxy used per echoed message at the fixed rate (both directions), in microseconds. */
  cpuUsPerMessage?: number;
  peakRssKiB?: number;
  idle?: IdleFigures;
}

interface IdleFigures {
  readonly connections: number;
  readonly beforeKiB: number;
  readonly afterKiB: number;
  readonly note: string;
}

// ---------------------------------------------------------------------------------------------------------
// Processes and clean-up: every child and the temp folder go, on success, failure or Ctrl+C.

const children = new Set<ChildProcess>();
let tempDir: string | undefined;

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(killer);
}

async function cleanUp(): Promise<void> {
  await Promise.all([...children].map(stopChild));
  if (tempDir !== undefined) {
    rmSync(tempDir, { recursive: true, force: true });
    tempDir = undefined;
  }
}

process.on('exit', () => {
  children.forEach((child) => child.kill('SIGKILL'));
  if (tempDir !== undefined) {
    rmSync(tempDir, { recursive: true, force: true });
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void cleanUp().finally(() => process.exit(130));
  });
}

async function startListening(
  script: string,
  args: readonly string[],
): Promise<{ url: string; pid: number }> {
  const running: RunningProcess = startNode(script, args);
  track(running.child);
  const [, url] = await running.waitForLine(/^listening (ws:\/\/\S+)$/, 20_000);
  return { url: url ?? '', pid: running.child.pid ?? 0 };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port, or rejects after `timeoutMs`. */
async function waitForPort(port: number, timeoutMs: number, gone: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const problem = gone();
    if (problem !== undefined) {
      throw new Error(problem);
    }
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) {
      return;
    }
    await sleep(50);
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

// ---------------------------------------------------------------------------------------------------------
// The three targets.

function writeApiProject(dir: string, backendUrl: string): string {
  const project = join(dir, 'echo-api');
  mkdirSync(join(project, 'Definitions'), { recursive: true });
  writeFileSync(
    join(project, 'api.yaml'),
    `type: api
version: v4.1.0
data:
  name: Echo
  context: /echo
  version: 1.0.0
  type: WS
  securityScheme: []
  endpointConfig:
    endpoint_type: ws
    production_endpoints:
      url: ${backendUrl}
  operations:
    - { target: ${TOPIC_PATH}, verb: PUBLISH, authType: None, uriMapping: ${TOPIC_PATH} }
    - { target: ${TOPIC_PATH}, verb: SUBSCRIBE, authType: None, uriMapping: ${TOPIC_PATH} }
`,
  );
  // No message payload schemas: no per-frame feature reads this topic, so the gateway relays it raw.
  writeFileSync(
    join(project, 'Definitions', 'asyncapi.yaml'),
    `asyncapi: 2.0.0
info: { title: Echo, version: 1.0.0 }
channels:
  ${TOPIC_PATH}:
    x-auth-type: None
    publish: { x-uri-mapping: ${TOPIC_PATH} }
    subscribe: { x-uri-mapping: ${TOPIC_PATH} }
`,
  );
  return project;
}

async function startGateway(project: string, profileDir?: string): Promise<Target> {
  // startNode runs `node <first> <rest...>`: node's own flags go first.
  const [first = '', ...rest] = [
    ...(profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]),
    requireBuilt(GATEWAY_BUNDLE),
    ...['--port', '0', '--tls-port', 'off', project],
  ];
  const { url, pid } = await startListening(first, rest);
  return { name: 'wsapi gateway', url: `${url}/echo/1.0.0${TOPIC_PATH}`, pid };
}

function nginxVersion(): string | undefined {
  if (!existsSync(NGINX)) {
    return undefined;
  }
  try {
    // `nginx -v` prints `nginx version: nginx/1.22.1` on stderr.
    const output = execFileSync(NGINX, ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return /nginx\/\S+/.exec(output)?.[0] ?? 'nginx';
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    return /nginx\/\S+/.exec(stderr)?.[0];
  }
}

/**
 * nginx as a WebSocket reverse proxy, one process (master_process off). worker_connections is well above what
 * the open-files limit allows: nginx starts closing idle connections once fewer than 1/16 of its connection
 * slots are free, and the descriptors should be the limit, as for the gateway.
 */
async function startNginx(dir: string, backendPort: number, maxConnections = 32_768): Promise<Target> {
  const prefix = join(dir, 'nginx');
  mkdirSync(prefix, { recursive: true });
  const port = await freePort();
  const config = join(prefix, 'nginx.conf');
  const errorLog = join(prefix, 'error.log');
  const temp = (name: string): string => join(prefix, name);
  writeFileSync(
    config,
    `daemon off;
master_process off;
worker_processes 1;
pid ${temp('nginx.pid')};
error_log ${errorLog} warn;
events {
  worker_connections ${maxConnections};
}
http {
  access_log off;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location / {
      proxy_pass http://127.0.0.1:${backendPort};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $host;
      proxy_buffering off;
      proxy_read_timeout 3600s;
      proxy_send_timeout 3600s;
    }
  }
}
`,
  );
  const child = track(
    spawn(NGINX, ['-p', prefix, '-c', config, '-e', errorLog], { stdio: ['ignore', 'ignore', 'pipe'] }),
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  await waitForPort(port, 10_000, () =>
    child.exitCode === null
      ? undefined
      : `nginx exited with ${child.exitCode}: ${stderr}${existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : ''}`,
  );
  return { name: 'nginx', url: `ws://127.0.0.1:${port}${TOPIC_PATH}`, pid: child.pid };
}

// ---------------------------------------------------------------------------------------------------------
// Load: jobs run in forked gatewayLoad.js processes.

interface LoadProcess {
  readonly child: ChildProcess;
  /** The next result the process sends. */
  next(): Promise<LoadResult>;
  send(command: LoadCommand): void;
}

function forkLoad(): LoadProcess {
  const child = track(
    fork(join(__dirname, 'gatewayLoad.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const results: LoadResult[] = [];
  const waiters: Array<(result: LoadResult) => void> = [];
  child.on('message', (result: LoadResult) => {
    const waiter = waiters.shift();
    if (waiter === undefined) {
      results.push(result);
    } else {
      waiter(result);
    }
  });
  const exited = new Promise<never>((_resolve, reject) =>
    child.once('exit', (code) => reject(new Error(`a load generator exited with ${code ?? 'a signal'}`))),
  );
  exited.catch(() => undefined);
  return {
    child,
    next: () => {
      const ready = results.shift();
      return ready !== undefined
        ? Promise.resolve(ready)
        : Promise.race([new Promise<LoadResult>((resolve) => waiters.push(resolve)), exited]);
    },
    send: (command) => child.send(command),
  };
}

/** `total` split into `parts` whole shares that add up to it. */
function shares(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, i) => Math.floor(((i + 1) * total) / parts) - Math.floor((i * total) / parts),
  );
}

/** Runs one job spread over `processes` load generators and returns their results. */
async function runSpread(processes: number, jobOf: (index: number) => LoadJob): Promise<LoadResult[]> {
  const loads = Array.from({ length: processes }, forkLoad);
  try {
    loads.forEach((load, index) => load.send({ type: 'job', job: jobOf(index) }));
    return await Promise.all(loads.map((load) => load.next()));
  } finally {
    await Promise.all(loads.map((load) => stopChild(load.child)));
  }
}

function readRssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
}

/** Samples a process's RSS every 100 ms while `work` runs; resolves with the work's result and the peak. */
/** The 1, 5 and 15 minute load averages. */
function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** CPU time (user + system) a process has used so far, in milliseconds. */
function cpuMs(pid: number): number {
  // /proc/PID/stat: the command may hold spaces, so count fields after its closing parenthesis.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]); // utime and stime, fields 14 and 15
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Samples a process's RSS every 100 ms while `work` runs; also the CPU time it used meanwhile. */
async function observe<T>(
  pid: number | undefined,
  work: Promise<T>,
): Promise<{ result: T; peakKiB: number; cpuMs: number }> {
  let peakKiB = 0;
  const sample = (): void => {
    if (pid !== undefined) {
      peakKiB = Math.max(peakKiB, readRssKiB(pid));
    }
  };
  const cpuBefore = pid === undefined ? 0 : cpuMs(pid);
  const sampler = setInterval(sample, 100);
  try {
    const result = await work;
    sample();
    return { result, peakKiB, cpuMs: pid === undefined ? 0 : cpuMs(pid) - cpuBefore };
  } finally {
    clearInterval(sampler);
  }
}

async function throughput(
  target: Target,
  size: number,
  settings: Settings,
): Promise<{ rate: number; peakKiB: number }> {
  const connections = shares(settings.connections, settings.loadProcesses);
  const { result, peakKiB } = await observe(
    target.pid,
    runSpread(settings.loadProcesses, (index) => ({
      kind: 'throughput',
      url: target.url,
      connections: connections[index] ?? 0,
      size,
      window: settings.window,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
    })),
  );
  let rate = 0;
  for (const one of result) {
    if (one.kind === 'throughput') {
      if (one.failed > 0) {
        throw new Error(`${target.name}: ${one.failed} connections failed to open`);
      }
      rate += one.echoes / one.seconds;
    }
  }
  return { rate, peakKiB };
}

const percentile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

interface LatencySamples {
  /** Round trips in microseconds, unsorted. */
  readonly roundTripsUs: number[];
  readonly sent: number;
  readonly received: number;
}

async function latency(
  target: Target,
  rate: number,
  settings: Settings,
): Promise<{ samples: LatencySamples; peakKiB: number; cpuMs: number }> {
  const connections = shares(settings.connections, settings.loadProcesses);
  const { result, peakKiB, cpuMs } = await observe(
    target.pid,
    runSpread(settings.loadProcesses, (index) => ({
      kind: 'latency',
      url: target.url,
      connections: connections[index] ?? 0,
      size: SMALL,
      rate: rate / settings.loadProcesses,
      warmupMs: settings.warmupMs,
      durationMs: settings.durationMs,
    })),
  );
  const samples: LatencySamples = { roundTripsUs: [], sent: 0, received: 0 };
  return { samples: result.reduce(addSamples, samples), peakKiB, cpuMs };
}

function addSamples(into: LatencySamples, result: LoadResult): LatencySamples {
  if (result.kind !== 'latency') {
    return into;
  }
  result.roundTripsUs.forEach((value) => into.roundTripsUs.push(value));
  return { ...into, sent: into.sent + result.sent, received: into.received + result.received };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/** Idle connections a process can hold through a proxy: two descriptors each, under its open-files limit. */
function idleCapacity(pid: number): { connections: number; limit: number; inUse: number } {
  const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
  const limit = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? NaN);
  const inUse = readdirSync(`/proc/${pid}/fd`).length;
  const connections = Math.floor((limit - inUse - 32) / 2 / 100) * 100;
  return { connections, limit, inUse };
}

/** RSS of a fresh proxy before and after `wanted` idle connections through it (fewer if its fd limit says so). */
async function idleMemory(target: Target, wanted: number): Promise<IdleFigures> {
  const pid = target.pid ?? 0;
  // Warm the handshake path first, so that the baseline holds the code it runs.
  await runIdle(target.url, 200, 1, () => Promise.resolve());
  await sleep(500);
  const capacity = idleCapacity(pid);
  const connections = Math.min(wanted, capacity.connections);
  const note =
    connections < wanted
      ? `not ${wanted.toLocaleString('en-US')}: the proxy holds 2 descriptors per connection and its ` +
        `open-files limit (ulimit -n) is ${capacity.limit}, ${capacity.inUse} already in use`
      : '';
  const beforeKiB = readRssKiB(pid);
  let afterKiB = NaN;
  const processes = Math.max(1, Math.ceil(connections / 5_000));
  await runIdle(target.url, connections, processes, async () => {
    await sleep(1_000);
    afterKiB = readRssKiB(pid);
  });
  return { connections, beforeKiB, afterKiB, note };
}

/** Opens `count` idle connections over `processes` load generators, calls `measure`, then closes them. */
async function runIdle(
  url: string,
  count: number,
  processes: number,
  measure: () => Promise<void>,
): Promise<void> {
  const loads = Array.from({ length: processes }, forkLoad);
  try {
    const counts = shares(count, processes);
    loads.forEach((load, index) =>
      load.send({
        type: 'job',
        job: { kind: 'idle', url, connections: counts[index] ?? 0, concurrency: 100 },
      }),
    );
    const results = await Promise.all(loads.map((load) => load.next()));
    for (const result of results) {
      if (result.kind === 'idle' && result.failed > 0) {
        throw new Error(`${result.failed} idle connections to ${url} failed: ${result.firstError}`);
      }
    }
    await measure();
    loads.forEach((load) => load.send({ type: 'close' }));
  } finally {
    await Promise.all(loads.map((load) => stopChild(load.child)));
  }
}

// ---------------------------------------------------------------------------------------------------------
// The report.

const rate = (value: number | undefined): string =>
  value === undefined ? 'n/a' : Math.round(value).toLocaleString('en-US');
const fixed = (value: number | undefined, digits: number): string =>
  value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
const mib = (kib: number | undefined): string =>
  kib === undefined || kib === 0 ? '—' : fixed(kib / 1024, 1);
const perConnection = (idle: IdleFigures | undefined): number | undefined =>
  idle === undefined ? undefined : (idle.afterKiB - idle.beforeKiB) / idle.connections;

function printTables(
  settings: Settings,
  fixedRate: number,
  rows: ReadonlyArray<{ readonly label: string; readonly figures: TargetFigures | undefined }>,
): void {
  console.log(
    `\n| target | msgs/s ${SMALL} B | msgs/s 16 KiB | p50 ms | p99 ms | delivered | proxy CPU µs/msg | RSS under load MiB | idle connections | KiB per idle connection |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { label, figures } of rows) {
    if (figures === undefined) {
      console.log(`| ${label} | skipped | | | | | | | | |`);
      continue;
    }
    const idle = figures.idle;
    console.log(
      `| ${label} | ${rate(figures.smallRate)} | ${rate(figures.largeRate)} | ${fixed(figures.p50Ms, 2)} | ` +
        `${fixed(figures.p99Ms, 2)} | ${fixed((figures.delivered ?? NaN) * 100, 1)}% | ` +
        `${figures.cpuUsPerMessage === undefined ? '—' : fixed(figures.cpuUsPerMessage, 1)} | ${mib(figures.peakRssKiB)} | ` +
        `${idle === undefined ? '—' : idle.connections.toLocaleString('en-US')} | ${fixed(perConnection(idle), 1)} |`,
    );
  }
  console.log(
    `\n${settings.connections} connections; msgs/s: echoes per second with ${settings.window} messages in ` +
      `flight per connection, median of ${settings.rounds} rounds of ${settings.durationMs / 1000} s after ` +
      `${settings.warmupMs / 1000} s warm-up, the targets taking turns. p50/p99: round trips of ${SMALL} B ` +
      `messages sent at a fixed ${rate(fixedRate)} msgs/s (half the gateway's maximum) to every target, median ` +
      `of the rounds' own; proxy CPU: its user + system time per echoed message then. RSS: the proxy's peak ` +
      `under load; idle: a fresh proxy's RSS growth per open idle connection. Ratios and differences: ` +
      `median of the rounds' own (the targets of a round ran back to back).`,
  );
}

/**
 * Compares two targets round by round (they ran back to back, under the same load from elsewhere) and returns
 * the median of the rounds' comparisons.
 */
function byRound(
  a: readonly number[] | undefined,
  b: readonly number[] | undefined,
  compare: (a: number, b: number) => number,
): number | undefined {
  if (a === undefined || b === undefined || a.length === 0 || a.length !== b.length) {
    return undefined;
  }
  return median(a.map((value, index) => compare(value, b[index] ?? NaN)));
}

function printRatios(direct: TargetFigures, gateway: TargetFigures, nginx: TargetFigures | undefined): void {
  const lines: Array<[string, number | undefined, string, (value: number) => boolean, number]> = [];
  const ratio = (a: number, b: number): number => a / b;
  const minus = (a: number, b: number): number => a - b;
  if (nginx !== undefined) {
    lines.push([
      `gateway / nginx throughput, ${SMALL} B`,
      byRound(gateway.smallRates, nginx.smallRates, ratio),
      '≥ 1.00',
      (v) => v >= 1,
      2,
    ]);
    lines.push([
      'gateway / nginx throughput, 16 KiB',
      byRound(gateway.largeRates, nginx.largeRates, ratio),
      '≥ 1.00',
      (v) => v >= 1,
      2,
    ]);
  }
  lines.push([
    `gateway / direct throughput, ${SMALL} B`,
    byRound(gateway.smallRates, direct.smallRates, ratio),
    '≥ 0.70',
    (v) => v >= 0.7,
    2,
  ]);
  lines.push([
    'gateway / direct throughput, 16 KiB',
    byRound(gateway.largeRates, direct.largeRates, ratio),
    '≥ 0.70',
    (v) => v >= 0.7,
    2,
  ]);
  lines.push([
    'p99 added vs direct, ms',
    byRound(gateway.p99sMs, direct.p99sMs, minus),
    '< 1.00',
    (v) => v < 1,
    2,
  ]);
  if (nginx !== undefined) {
    lines.push([
      '(nginx p99 added vs direct, ms)',
      byRound(nginx.p99sMs, direct.p99sMs, minus),
      '',
      () => true,
      2,
    ]);
  }
  lines.push(['KiB per idle connection (gateway)', perConnection(gateway.idle), '< 20', (v) => v < 20, 1]);
  if (nginx?.idle !== undefined) {
    lines.push(['(KiB per idle connection, nginx)', perConnection(nginx.idle), '', () => true, 1]);
  }
  console.log('\n| measure | value | target | result |');
  console.log('|---|---:|---|---|');
  for (const [name, value, target, passes, digits] of lines) {
    const result =
      target === ''
        ? ''
        : value === undefined || !Number.isFinite(value)
          ? 'n/a'
          : passes(value)
            ? 'PASS'
            : 'MISS';
    console.log(`| ${name} | ${fixed(value, digits)} | ${target} | ${result} |`);
  }
}

// ---------------------------------------------------------------------------------------------------------

function readSettings(): Settings {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '50' },
      window: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '0.5' },
      duration: { type: 'string', default: '1' },
      'load-processes': { type: 'string', default: '1' },
      idle: { type: 'string', default: '10000' },
      rounds: { type: 'string', default: '5' },
      targets: { type: 'string', default: 'direct,gateway,nginx' },
      profile: { type: 'string' },
      rate: { type: 'string' },
      'no-max': { type: 'boolean', default: false },
    },
  });
  const seconds = (name: keyof typeof values, text: string, minimum: number): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < minimum) {
      throw new Error(`--${name} must be a number of seconds of at least ${minimum}, not '${text}'.`);
    }
    return Math.round(value * 1000);
  };
  const whole = (name: keyof typeof values, text: string, minimum: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < minimum) {
      throw new Error(`--${name} must be a whole number of at least ${minimum}, not '${text}'.`);
    }
    return value;
  };
  return {
    connections: whole('connections', values.connections, 1),
    window: whole('window', values.window, 1),
    warmupMs: seconds('warmup', values.warmup, 0),
    durationMs: seconds('duration', values.duration, 0.1),
    loadProcesses: whole('load-processes', values['load-processes'], 1),
    idleConnections: whole('idle', values.idle, 0),
    rounds: whole('rounds', values.rounds, 1),
    targets: new Set(values.targets.split(',').map((name) => name.trim())),
    ...(values.profile !== undefined && { profileDir: values.profile }),
    ...(values.rate !== undefined && { fixedRate: whole('rate', values.rate, 1) }),
    skipMax: values['no-max'],
  };
}

async function main(): Promise<void> {
  const settings = readSettings();
  tempDir = mkdtempSync(join(tmpdir(), 'wsapi-gateway-bench-'));
  const nginxName = nginxVersion();
  console.log(
    `bench:gateway on ${cpus().length} cores, node ${process.version}, ${nginxName ?? 'no nginx'}; ` +
      `${settings.loadProcesses} load generator process(es); load average ${loadAverage()}`,
  );
  if (nginxName === undefined) {
    console.log(`${NGINX} is missing: the nginx column is skipped (apt-get install nginx-light adds it).`);
  }
  const backend = await startListening(join(__dirname, 'gatewayEchoBackend.js'), []);
  const backendPort = Number(new URL(backend.url).port);
  const project = writeApiProject(tempDir, backend.url);
  const direct: Target = { name: 'direct', url: `${backend.url}${TOPIC_PATH}`, pid: undefined };
  const gateway = await startGateway(project, settings.profileDir);
  const wanted = (name: string): boolean => settings.targets.has(name);
  const nginx =
    nginxName === undefined || !wanted('nginx') ? undefined : await startNginx(tempDir, backendPort);
  const targets = [...(wanted('direct') ? [direct] : []), gateway, ...(nginx === undefined ? [] : [nginx])];
  const figures = new Map<Target, TargetFigures>(targets.map((target) => [target, {}]));

  // Rounds, each target in turn, so that load from elsewhere on the machine falls on all of them alike.
  const entry = (target: Target): TargetFigures => figures.get(target) ?? {};
  const notePeak = (target: Target, peakKiB: number): void => {
    entry(target).peakRssKiB = Math.max(entry(target).peakRssKiB ?? 0, peakKiB);
  };
  for (const size of settings.skipMax ? [] : [SMALL, LARGE]) {
    const rates = new Map<Target, number[]>(targets.map((target) => [target, []]));
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const target of targets) {
        const measured = await throughput(target, size, settings);
        rates.get(target)?.push(measured.rate);
        notePeak(target, measured.peakKiB);
      }
    }
    for (const target of targets) {
      const all = rates.get(target) ?? [];
      entry(target)[size === SMALL ? 'smallRate' : 'largeRate'] = median(all);
      entry(target)[size === SMALL ? 'smallRates' : 'largeRates'] = all;
      console.log(
        `  ${target.name}, ${size} B: ${all.map(rate).join(', ')} msgs/s; median ${rate(median(all))}`,
      );
    }
  }
  const fixedRate = settings.fixedRate ?? Math.round((figures.get(gateway)?.smallRate ?? 0) / 2);
  // p50 and p99 are the medians of the rounds' own, so that one round hit by a stall elsewhere does not decide.
  const rounds = new Map<
    Target,
    Array<{ p50: number; p99: number; sent: number; received: number; cpuMs: number }>
  >(targets.map((target) => [target, []]));
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const target of targets) {
      const measured = await latency(target, fixedRate, settings);
      const sorted = measured.samples.roundTripsUs.sort((a, b) => a - b);
      rounds.get(target)?.push({
        p50: percentile(sorted, 0.5) / 1000,
        p99: percentile(sorted, 0.99) / 1000,
        sent: measured.samples.sent,
        received: measured.samples.received,
        cpuMs: measured.cpuMs,
      });
      notePeak(target, measured.peakKiB);
    }
  }
  for (const target of targets) {
    const all = rounds.get(target) ?? [];
    const sum = (pick: (one: (typeof all)[number]) => number): number =>
      all.reduce((total, one) => total + pick(one), 0);
    const received = sum((one) => one.received);
    Object.assign(entry(target), {
      p50Ms: median(all.map((one) => one.p50)),
      p99Ms: median(all.map((one) => one.p99)),
      p99sMs: all.map((one) => one.p99),
      delivered:
        received /
        Math.max(
          1,
          sum((one) => one.sent),
        ),
      ...(target.pid !== undefined && { cpuUsPerMessage: (sum((one) => one.cpuMs) * 1000) / received }),
    });
    console.log(
      `  ${target.name} at ${rate(fixedRate)} msgs/s: p99 ${all.map((one) => fixed(one.p99, 2)).join(', ')} ms; ` +
        `p50 ${all.map((one) => fixed(one.p50, 2)).join(', ')} ms`,
    );
  }
  // Idle memory on fresh proxies with fresh backends, so that neither the baseline nor the backend's open
  // files hold what the load phases left behind.
  await Promise.all([...children].map(stopChild));
  if (settings.idleConnections > 0) {
    const gatewayIdle = await idleThrough('gateway', tempDir, settings.idleConnections);
    (figures.get(gateway) ?? {}).idle = gatewayIdle;
    if (nginx !== undefined) {
      (figures.get(nginx) ?? {}).idle = await idleThrough('nginx', tempDir, settings.idleConnections);
    }
    for (const [name, idle] of [
      ['wsapi gateway', gatewayIdle],
      ['nginx', nginx && figures.get(nginx)?.idle],
    ] as const) {
      if (idle !== undefined) {
        console.log(
          `  ${name}, idle: RSS ${mib(idle.beforeKiB)} MiB before, ${mib(idle.afterKiB)} MiB with ` +
            `${idle.connections.toLocaleString('en-US')} connections${idle.note === '' ? '' : ` (${idle.note})`}`,
        );
      }
    }
  }
  printTables(settings, fixedRate, [
    { label: 'direct (ws echo backend)', figures: figures.get(direct) },
    { label: 'wsapi gateway (raw relay)', figures: figures.get(gateway) },
    {
      label: nginxName ?? 'nginx (not installed: apt-get install nginx-light)',
      figures: nginx && figures.get(nginx),
    },
  ]);
  printRatios(figures.get(direct) ?? {}, figures.get(gateway) ?? {}, nginx && figures.get(nginx));
  // Other work on the machine shows in the latencies first: say how busy it was.
  console.log(`\nLoad average at the end: ${loadAverage()} (${cpus().length} cores).`);
}

/** Idle memory of a fresh gateway or nginx in front of a fresh backend; both are stopped afterwards. */
async function idleThrough(
  proxy: 'gateway' | 'nginx',
  dir: string,
  connections: number,
): Promise<IdleFigures> {
  const backend = await startListening(join(__dirname, 'gatewayEchoBackend.js'), []);
  const folder = join(dir, `idle-${proxy}`);
  const target =
    proxy === 'gateway'
      ? await startGateway(writeApiProject(folder, backend.url))
      : await startNginx(folder, Number(new URL(backend.url).port));
  try {
    return await idleMemory(target, connections);
  } finally {
    await Promise.all([...children].map(stopChild));
  }
}

main()
  .catch((error: unknown) => {
    console.error(`bench:gateway failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => cleanUp());
