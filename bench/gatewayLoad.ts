// The load generator of `npm run bench:gateway`, forked by gatewayBench.ts in processes of its own: `ws`
// clients against one target URL, driven by the job its parent sends over IPC. Every payload starts with the
// process.hrtime of its sending, so the echo tells its round trip.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

/** As many echoes as the target gives: each connection keeps `window` messages in flight. */
export interface ThroughputJob {
  readonly kind: 'throughput';
  readonly url: string;
  readonly connections: number;
  readonly size: number;
  readonly window: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** Messages sent at a fixed total rate, whatever comes back; every echo's round trip is kept. */
export interface LatencyJob {
  readonly kind: 'latency';
  readonly url: string;
  readonly connections: number;
  readonly size: number;
  /** Messages per second over all of this process's connections. */
  readonly rate: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** Connections opened and then left idle until the parent says `close`. */
export interface IdleJob {
  readonly kind: 'idle';
  readonly url: string;
  readonly connections: number;
  /** Handshakes in flight at once. */
  readonly concurrency: number;
}

export type LoadJob = ThroughputJob | LatencyJob | IdleJob;

export type LoadResult =
  | {
      readonly kind: 'throughput';
      readonly echoes: number;
      readonly seconds: number;
      readonly failed: number;
    }
  | {
      readonly kind: 'latency';
      readonly sent: number;
      readonly received: number;
      /** Round trips of the echoes of messages sent after the warmup, in microseconds. */
      readonly roundTripsUs: number[];
      readonly failed: number;
    }
  | { readonly kind: 'idle'; readonly opened: number; readonly failed: number; readonly firstError: string };

/** What the parent sends: a job, or `close` to end an idle job. */
export type LoadCommand = { readonly type: 'job'; readonly job: LoadJob } | { readonly type: 'close' };

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Opens `count` connections, `concurrency` handshakes at a time; the ones that failed are counted. */
async function openAll(
  url: string,
  count: number,
  concurrency: number,
): Promise<{ sockets: WebSocket[]; failed: number; firstError: string }> {
  const sockets: WebSocket[] = [];
  let failed = 0;
  let firstError = '';
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      try {
        sockets.push(await open(url));
      } catch (error) {
        failed += 1;
        firstError ||= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return { sockets, failed, firstError };
}

function stamp(payload: Buffer): Buffer {
  payload.writeBigUInt64LE(process.hrtime.bigint(), 0);
  return payload;
}

async function closeAll(sockets: readonly WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) {
            resolve();
            return;
          }
          socket.once('close', () => resolve());
          socket.close(1000);
          setTimeout(() => {
            socket.terminate();
            resolve();
          }, 2_000).unref();
        }),
    ),
  );
}

async function throughput(job: ThroughputJob): Promise<LoadResult> {
  const { sockets, failed } = await openAll(job.url, job.connections, 50);
  let counting = false;
  let running = true;
  let echoes = 0;
  for (const socket of sockets) {
    // ws masks a copy of what it sends, so one payload per connection can be stamped again and again.
    const payload = Buffer.alloc(job.size);
    socket.on('message', () => {
      if (counting) {
        echoes += 1;
      }
      if (running) {
        socket.send(stamp(payload), { binary: true });
      }
    });
    for (let i = 0; i < job.window; i += 1) {
      socket.send(stamp(payload), { binary: true });
    }
  }
  await sleep(job.warmupMs);
  counting = true;
  const started = process.hrtime.bigint();
  await sleep(job.durationMs);
  counting = false;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  running = false;
  await closeAll(sockets);
  return { kind: 'throughput', echoes, seconds, failed };
}

async function latency(job: LatencyJob): Promise<LoadResult> {
  const { sockets, failed } = await openAll(job.url, job.connections, 50);
  const roundTripsUs: number[] = [];
  let measuring = false;
  let measuredFrom = 0n;
  let received = 0;
  for (const socket of sockets) {
    socket.on('message', (data) => {
      received += 1;
      if (!measuring) {
        return;
      }
      // Binary messages arrive as one Buffer (the default binaryType).
      const sentAt = (data as Buffer).readBigUInt64LE(0);
      if (sentAt >= measuredFrom) {
        roundTripsUs.push(Number(process.hrtime.bigint() - sentAt) / 1000);
      }
    });
  }
  const payloads = sockets.map(() => Buffer.alloc(job.size));
  let sent = 0;
  let turn = 0;
  const started = process.hrtime.bigint();
  // Every millisecond, send what the rate asks for by now, round robin over the connections.
  const ticker = setInterval(() => {
    const due = Math.floor((Number(process.hrtime.bigint() - started) / 1e9) * job.rate);
    while (sent < due && sockets.length > 0) {
      const index = turn % sockets.length;
      turn += 1;
      const socket = sockets[index];
      const payload = payloads[index];
      if (socket !== undefined && payload !== undefined && socket.readyState === WebSocket.OPEN) {
        socket.send(stamp(payload), { binary: true });
      }
      sent += 1;
    }
  }, 1);
  await sleep(job.warmupMs);
  measuring = true;
  measuredFrom = process.hrtime.bigint();
  await sleep(job.durationMs);
  clearInterval(ticker);
  // Let the last echoes come back before the sockets close.
  await sleep(200);
  measuring = false;
  await closeAll(sockets);
  return { kind: 'latency', sent, received, roundTripsUs, failed };
}

async function idle(job: IdleJob): Promise<void> {
  const { sockets, failed, firstError } = await openAll(job.url, job.connections, job.concurrency);
  const result: LoadResult = { kind: 'idle', opened: sockets.length, failed, firstError };
  process.send?.(result);
  await new Promise<void>((resolve) =>
    process.on('message', (command: LoadCommand) => {
      if (command.type === 'close') {
        resolve();
      }
    }),
  );
  sockets.forEach((socket) => socket.terminate());
}

async function run(job: LoadJob): Promise<void> {
  if (job.kind === 'idle') {
    await idle(job);
  } else {
    const result = job.kind === 'throughput' ? await throughput(job) : await latency(job);
    await new Promise<void>((resolve) => process.send?.(result, () => resolve()));
  }
  process.disconnect();
}

if (require.main === module) {
  process.on('disconnect', () => process.exit(0));
  process.once('message', (command: LoadCommand) => {
    if (command.type === 'job') {
      run(command.job).catch((error: unknown) => {
        process.stderr.write(`load generator: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      });
    }
  });
}
