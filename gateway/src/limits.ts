import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import type { ConnectionRelay } from './rawRelay';

/** The config's `limits:`; each absent one keeps the gateway's default. */
export interface GatewayLimits {
  /** Largest message from either side, in bytes; a larger one closes with 1009. Default 16 MiB. */
  readonly maxPayload?: number;
  /** Time for the backend handshake before the client gets 502. Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /** A connection with no frame either way for this long is closed with 1001. Default 0: never. */
  readonly idleTimeoutMs?: number;
  /**
   * Every this many ms the gateway pings the client; a client that sends nothing (no pong, no other frame) for a
   * whole interval after a ping is cut, and its backend gets 1001. Default 0: no pings.
   */
  readonly pingIntervalMs?: number;
}

type Report = (key: string, fix: string) => void;
type UnknownKeys = (record: Record<string, unknown>, known: readonly string[], prefix: string) => void;

const KEYS: Record<keyof GatewayLimits, { readonly min: number; readonly what: string }> = {
  maxPayload: { min: 1, what: 'a number of bytes, e.g. 1048576' },
  connectTimeoutMs: { min: 1, what: 'a number of milliseconds, e.g. 5000' },
  idleTimeoutMs: { min: 0, what: 'a number of milliseconds, e.g. 300000 (0: never)' },
  pingIntervalMs: { min: 0, what: 'a number of milliseconds, e.g. 30000 (0: no pings)' },
};

/** Reads `limits:` (`maxPayload`, `connectTimeoutMs`, `idleTimeoutMs`, `pingIntervalMs`: whole numbers). */
export function readLimits(
  value: unknown,
  problem: Report,
  unknownKeys: UnknownKeys,
): GatewayLimits | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problem('limits', `must be a mapping with ${Object.keys(KEYS).join(', ')}.`);
    return undefined;
  }
  const record = value as Record<string, unknown>;
  unknownKeys(record, Object.keys(KEYS), 'limits.');
  const limits: Record<string, number> = {};
  for (const [key, { min, what }] of Object.entries(KEYS)) {
    const item = record[key];
    if (item === undefined || item === null) {
      continue;
    }
    if (typeof item !== 'number' || !Number.isSafeInteger(item) || item < min) {
      problem(`limits.${key}`, `must be a whole number${min > 0 ? ' above 0' : ''}: ${what}.`);
      continue;
    }
    limits[key] = item;
  }
  return limits;
}

/** Closes `relay` with 1001 once its client socket has had no traffic either way for `idleMs` (0: never). */
export function closeWhenIdle(socket: Duplex, relay: ConnectionRelay, idleMs: number): void {
  if (idleMs <= 0 || !(socket instanceof Socket)) {
    return;
  }
  socket.setTimeout(idleMs, () => relay.close(1001, 'Idle timeout'));
  void relay.closed.then(() => socket.setTimeout(0));
}

/** The close frame a backend gets when its client stopped answering pings; the client gets it too, then is cut. */
export const PING_TIMEOUT = { code: 1001, reason: 'Ping timeout: the client stopped answering' } as const;

/**
 * Pings the client of `relay` every `intervalMs` (0: never) while the connection is open. Any byte from the
 * client (a pong or any other frame) counts as an answer; a client with no answer for a whole interval after
 * a ping went out gets PING_TIMEOUT and is cut, and its backend is closed with PING_TIMEOUT. While the
 * gateway holds back the client's bytes (its backend reads slower), the client cannot be judged and is not.
 */
export function keepAlive(socket: Duplex, relay: ConnectionRelay, intervalMs: number): void {
  if (intervalMs <= 0) {
    return;
  }
  let waiting = false;
  let timer: NodeJS.Timeout | undefined;
  const answered = (): void => {
    waiting = false;
  };
  const schedule = (): void => {
    timer = setTimeout(tick, intervalMs);
  };
  const tick = (): void => {
    if (waiting && !relay.state().clientPaused) {
      // Bytes that came while the event loop was busy are read before this runs: they count.
      setImmediate(verdict);
      return;
    }
    // The next interval starts when the ping is out (the raw relay waits for a frame boundary).
    relay.ping(() => {
      waiting = true;
      schedule();
    });
  };
  const verdict = (): void => {
    if (!waiting) {
      tick();
    } else if (!socket.destroyed) {
      relay.close(PING_TIMEOUT.code, PING_TIMEOUT.reason);
      socket.destroy();
    }
  };
  socket.on('data', answered);
  schedule();
  void relay.closed.then(() => {
    clearTimeout(timer);
    socket.off('data', answered);
  });
}
