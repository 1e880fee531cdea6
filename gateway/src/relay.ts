import WebSocket from 'ws';

import { closeOfError, forwardedClose, type CloseFrame, type Side } from './closeCodes';
import type { FramePipeline } from './framePipeline';

/** What a relay reports to whoever watches it (tests, logs). */
export type RelayEvent =
  | { readonly type: 'paused' | 'resumed'; readonly side: Side }
  | { readonly type: 'closed'; readonly side: Side; readonly code: number };

export interface RelayOptions {
  /** Stop reading a side while the other side has more than this many bytes queued. */
  readonly highWaterMark: number;
  readonly observer?: (event: RelayEvent) => void;
  /** Sees every data frame before it is relayed (throttling, validation, traffic log); absent: relay all. */
  readonly pipeline?: FramePipeline;
}

/** The relay's state, for tests and diagnostics. */
export interface RelayState {
  readonly clientPaused: boolean;
  readonly backendPaused: boolean;
  /** The most bytes ever queued towards the backend / the client. */
  readonly peakBackendBuffered: number;
  readonly peakClientBuffered: number;
}

/**
 * Relays messages between a client and its backend: text stays text, binary stays binary; a side is paused
 * while the other cannot keep up; a close on one side closes the other with the mapped code.
 */
export class Relay {
  readonly closed: Promise<void>;
  private readonly peak = { client: 0, backend: 0 };

  constructor(
    private readonly client: WebSocket,
    private readonly backend: WebSocket,
    private readonly options: RelayOptions,
  ) {
    this.pipe(client, backend, 'client');
    this.pipe(backend, client, 'backend');
    const ended = (socket: WebSocket): Promise<void> =>
      new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) {
          resolve();
        } else {
          socket.once('close', () => resolve());
        }
      });
    this.closed = Promise.all([ended(client), ended(backend)]).then(() => undefined);
    if (backend.readyState !== WebSocket.OPEN) {
      closeSocket(client, 1011, 'Backend connection lost');
    } else if (backend.isPaused) {
      backend.resume(); // connectBackend paused it until now
    }
  }

  state(): RelayState {
    return {
      clientPaused: this.client.isPaused,
      backendPaused: this.backend.isPaused,
      peakBackendBuffered: this.peak.backend,
      peakClientBuffered: this.peak.client,
    };
  }

  /** Closes both sides with the same frame (1001 when the gateway stops). */
  close(code: number, reason: string): void {
    closeSocket(this.client, code, reason);
    closeSocket(this.backend, code, reason);
  }

  /** Pings the client (keepalive); `sent` is called once the ping is on its way, not at all once closing. */
  ping(sent: () => void): void {
    if (this.client.readyState === WebSocket.OPEN) {
      this.client.ping();
      sent();
    }
  }

  /** Ends both sides at once, without a closing handshake. */
  terminate(): void {
    this.client.terminate();
    this.backend.terminate();
  }

  private pipe(from: WebSocket, to: WebSocket, side: Side): void {
    const other: Side = side === 'client' ? 'backend' : 'client';
    let failed: CloseFrame | undefined;
    from.on('error', (error: NodeJS.ErrnoException) => {
      failed = closeOfError(error.code); // 'close' follows every 'error'
    });
    from.on('message', (data, isBinary) => {
      if (to.readyState !== WebSocket.OPEN) {
        return;
      }
      if (this.options.pipeline !== undefined && !this.passes(side, data as Buffer, isBinary)) {
        return;
      }
      to.send(data, { binary: isBinary }, () => this.drained(from, to, side));
      this.peak[other] = Math.max(this.peak[other], to.bufferedAmount);
      if (to.bufferedAmount > this.options.highWaterMark && !from.isPaused) {
        from.pause();
        this.options.observer?.({ type: 'paused', side });
      }
    });
    from.on('close', (code, reason) => {
      this.options.observer?.({ type: 'closed', side, code });
      this.options.pipeline?.closed(side, code);
      const frame =
        code === 1006 && failed !== undefined ? failed : forwardedClose(code, reason.toString('utf8'), side);
      closeSocket(to, frame.code, frame.reason);
    });
  }

  /** Asks the pipeline about a frame; a refused frame is answered to the client, never relayed. */
  private passes(side: Side, data: Buffer, isBinary: boolean): boolean {
    const verdict = this.options.pipeline?.frame(side, data, isBinary);
    if (verdict === undefined || verdict.action === 'pass') {
      return true;
    }
    if (verdict.action === 'drop') {
      if (this.client.readyState === WebSocket.OPEN) {
        this.client.send(verdict.notice);
      }
    } else {
      closeSocket(this.client, verdict.code, verdict.reason);
    }
    return false;
  }

  private drained(from: WebSocket, to: WebSocket, side: Side): void {
    if (
      from.isPaused &&
      from.readyState === WebSocket.OPEN &&
      to.bufferedAmount <= this.options.highWaterMark
    ) {
      from.resume();
      this.options.observer?.({ type: 'resumed', side });
    }
  }
}

function closeSocket(socket: WebSocket, code: number, reason: string): void {
  if (socket.isPaused) {
    socket.resume(); // the peer's close frame must be read to finish the closing handshake
  }
  if (socket.readyState === WebSocket.OPEN) {
    socket.close(code, reason);
  } else if (socket.readyState === WebSocket.CONNECTING) {
    socket.terminate();
  }
}
