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
}

type Report = (key: string, fix: string) => void;
type UnknownKeys = (record: Record<string, unknown>, known: readonly string[], prefix: string) => void;

const KEYS: Record<keyof GatewayLimits, { readonly min: number; readonly what: string }> = {
  maxPayload: { min: 1, what: 'a number of bytes, e.g. 1048576' },
  connectTimeoutMs: { min: 1, what: 'a number of milliseconds, e.g. 5000' },
  idleTimeoutMs: { min: 0, what: 'a number of milliseconds, e.g. 300000 (0: never)' },
};

/** Reads `limits:` (`maxPayload`, `connectTimeoutMs`, `idleTimeoutMs`: whole numbers). */
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
