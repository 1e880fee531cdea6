import { createWriteStream, type WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

import type { Side } from './closeCodes';
import type { FrameCheck } from './messageValidation';

/** How many bytes of a payload a log line keeps. */
export const PAYLOAD_PREFIX_BYTES = 256;

/** What happened to a frame. */
export type FrameAction = 'relayed' | 'throttled' | 'rejected';

/** Which API, topic and connection a log line is about. */
export interface LoggedConnection {
  /** A number unique in this gateway run. */
  readonly connection: number;
  readonly api: string;
  readonly version: string;
  readonly topic: string;
}

/**
 * One line of the traffic log. Never holds the query string or a header: credentials (`access_token`,
 * `apikey`, `Authorization`) cannot reach the log; only the request path does.
 */
export type TrafficRecord = LoggedConnection & { readonly time: string } & (
    | { readonly event: 'open'; readonly path: string }
    | { readonly event: 'close'; readonly side: Side; readonly code: number }
    | {
        readonly event: 'frame';
        readonly direction: 'client_to_backend' | 'backend_to_client';
        readonly opcode: 'text' | 'binary';
        readonly size: number;
        /** The first PAYLOAD_PREFIX_BYTES of the payload: UTF-8 text, or base64 for binary frames. */
        readonly payload: string;
        readonly truncated: boolean;
        readonly validation: FrameCheck['result'];
        readonly problem?: string;
        readonly action: FrameAction;
      }
  );

/** Writes traffic records as JSON lines. */
export class TrafficLog {
  constructor(
    private readonly stream: Writable,
    private readonly owned: boolean,
  ) {}

  open(connection: LoggedConnection, path: string): void {
    this.write({ ...connection, time: now(), event: 'open', path });
  }

  close(connection: LoggedConnection, side: Side, code: number): void {
    this.write({ ...connection, time: now(), event: 'close', side, code });
  }

  frame(
    connection: LoggedConnection,
    from: Side,
    data: Buffer,
    isBinary: boolean,
    check: FrameCheck,
    action: FrameAction,
  ): void {
    const prefix = data.subarray(0, PAYLOAD_PREFIX_BYTES);
    this.write({
      ...connection,
      time: now(),
      event: 'frame',
      direction: from === 'client' ? 'client_to_backend' : 'backend_to_client',
      opcode: isBinary ? 'binary' : 'text',
      size: data.length,
      payload: isBinary ? prefix.toString('base64') : prefix.toString('utf8'),
      truncated: data.length > PAYLOAD_PREFIX_BYTES,
      validation: check.result,
      ...(check.result === 'invalid' && { problem: check.problem }),
      action,
    });
  }

  /** Flushes and, for a file, closes it. */
  end(): Promise<void> {
    if (!this.owned) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.stream.end(() => resolve()));
  }

  private write(record: TrafficRecord): void {
    this.stream.write(`${JSON.stringify(record)}\n`);
  }
}

/** Raised when the log file cannot be opened; the message names the file and the fix. */
export class TrafficLogError extends Error {}

/**
 * Opens the traffic log `--log` names: `-` is stdout, anything else a file that lines are appended to.
 * Resolves once the file is open, so a bad path stops the gateway before it listens.
 */
export async function openTrafficLog(target: string): Promise<TrafficLog> {
  if (target === '-') {
    return new TrafficLog(process.stdout, false);
  }
  const stream: WriteStream = createWriteStream(target, { flags: 'a' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new TrafficLogError(
          `--log ${target}: cannot write it (${error.code ?? error.message}): give a file in a folder that exists and that you may write to, or - for stdout.`,
        ),
      ),
    );
  });
  stream.on('error', () => undefined); // a full disk later must not stop the gateway
  return new TrafficLog(stream, true);
}

function now(): string {
  return new Date().toISOString();
}
