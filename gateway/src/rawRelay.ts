import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import { closeOfError, forwardedClose, type CloseFrame, type Side } from './closeCodes';
import { encodeCloseFrame, FrameCursor } from './frameCursor';
import type { RawBackend } from './rawHandshake';
import type { Relay, RelayEvent, RelayState } from './relay';

/** How long a closing connection may take to finish before both sockets are cut (what `ws` waits too). */
const CLOSE_TIMEOUT_MS = 30_000;
/** An unmasked ping with no payload: what the gateway sends a client to keep the connection alive. */
const PING_FRAME = Buffer.from([0x89, 0x00]);
const MESSAGE_TOO_BIG: CloseFrame = closeOfError('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') ?? {
  code: 1009,
  reason: 'Message too big',
};

export interface RawRelayOptions {
  /** Stop reading a side while the other side has more than this many bytes queued. */
  readonly highWaterMark: number;
  /** Largest message, in payload bytes, either side may send; a larger one closes both sides with 1009. */
  readonly maxPayload: number;
  readonly observer?: (event: RelayEvent) => void;
  /** Counts relayed messages and lost backends (the topic's metrics), when given. */
  readonly counters?: {
    frame(from: Side, size: number): void;
    readonly errors: { backend: number };
  };
}

/**
 * Relays a connection where no per-frame feature is on, as nginx does: after both handshakes the two
 * upgraded TCP sockets are piped to each other and frames go through unparsed, unmasked and uncopied. A
 * FrameCursor per direction follows frame boundaries only, so that the gateway can still add a close frame
 * of its own where the frame path would: 1011 / 1001 when one side's connection is lost without a close
 * frame, 1009 for a message over maxPayload, 1001 when the gateway stops. Close frames of the two sides
 * pass through as they are.
 */
export class RawRelay {
  readonly closed: Promise<void>;
  private readonly toBackend: Direction;
  private readonly toClient: Direction;
  private closing: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Duplex,
    clientHead: Buffer,
    backend: RawBackend,
    options: RawRelayOptions,
  ) {
    if (client instanceof Socket) {
      client.setNoDelay(true);
      client.setTimeout(0);
    }
    this.toBackend = new Direction(client, backend.socket, 'client', this, options);
    this.toClient = new Direction(backend.socket, client, 'backend', this, options);
    const ended = (socket: Duplex): Promise<void> =>
      new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
    this.closed = Promise.all([ended(client), ended(backend.socket)]).then(() => {
      clearTimeout(this.closing);
    });
    this.toClient.start(backend.head);
    this.toBackend.start(clientHead);
  }

  state(): RelayState {
    return {
      clientPaused: this.toBackend.paused,
      backendPaused: this.toClient.paused,
      peakBackendBuffered: this.toBackend.peak,
      peakClientBuffered: this.toClient.peak,
    };
  }

  /** Closes both sides with the same frame (1001 when the gateway stops). */
  close(code: number, reason: string): void {
    this.toClient.inject({ code, reason });
    this.toBackend.inject({ code, reason });
  }

  /** Pings the client (keepalive) at the next frame boundary towards it; `sent` is called once it is written. */
  ping(sent: () => void): void {
    this.toClient.ping(sent);
  }

  /** Ends both sides at once, without a closing handshake. */
  terminate(): void {
    this.client.destroy();
    this.toClient.from.destroy();
  }

  /** A message over maxPayload came from `direction`'s side: both sides get 1009, nothing more of it goes on. */
  tooBig(direction: Direction): void {
    direction.inject(MESSAGE_TOO_BIG);
    this.opposite(direction).inject(MESSAGE_TOO_BIG);
  }

  /** Once closing starts, both sockets get CLOSE_TIMEOUT_MS to finish before they are cut. */
  startClosing(): void {
    if (this.closing === undefined) {
      this.closing = setTimeout(() => this.terminate(), CLOSE_TIMEOUT_MS).unref();
    }
  }

  private opposite(direction: Direction): Direction {
    return direction === this.toClient ? this.toBackend : this.toClient;
  }
}

/** One direction of a raw relay: reads `from`, writes `to`. */
class Direction {
  paused = false;
  /** The most bytes ever queued towards `to`. */
  peak = 0;
  private readonly cursor: FrameCursor;
  /** `from` ended or closed: no byte more will come. */
  private sourceGone = false;
  /** Nothing more goes to `to`: a close frame of the gateway's was written, or `to` was cut. */
  private finished = false;
  /** A close frame of the gateway's, waiting for the frame being relayed to end. */
  private pending: Buffer | undefined;
  /** A ping of the gateway's waits for the frame being relayed to end; called once it is written. */
  private pingSent: (() => void) | undefined;

  constructor(
    readonly from: Duplex,
    private readonly to: Duplex,
    private readonly side: Side,
    private readonly relay: RawRelay,
    private readonly options: RawRelayOptions,
  ) {
    const counters = options.counters;
    this.cursor = new FrameCursor(
      options.maxPayload,
      counters === undefined ? undefined : (bytes) => counters.frame(side, bytes),
    );
  }

  start(head: Buffer): void {
    this.from.on('error', () => undefined); // 'close' follows every 'error'
    this.from.on('end', () => this.ended());
    this.from.on('close', () => {
      this.ended();
      const code = this.cursor.closeCode ?? 1006;
      if (this.side === 'backend' && code === 1006 && this.options.counters !== undefined) {
        this.options.counters.errors.backend += 1;
      }
      this.options.observer?.({ type: 'closed', side: this.side, code });
    });
    if (head.length > 0) {
      this.relayChunk(head);
    }
    this.from.on('data', this.relayChunk);
  }

  /** Puts a close frame of the gateway's towards `to` at the next frame boundary, then ends `to`. */
  inject(frame: CloseFrame): void {
    if (this.finished || this.pending !== undefined) {
      return;
    }
    this.relay.startClosing();
    const bytes = encodeCloseFrame(frame, this.side === 'client');
    if (this.cursor.atBoundary) {
      this.finish(bytes);
    } else if (this.sourceGone) {
      this.cut(); // the frame being relayed will never end: no close frame can follow it
    } else {
      this.pending = bytes;
      this.cursor.stopAtNextBoundary();
    }
  }

  /** Writes a ping of the gateway's towards `to` (a client) now, or once the frame being relayed ends. */
  ping(sent: () => void): void {
    if (this.finished || this.pending !== undefined || this.cursor.closeSeen || !this.to.writable) {
      return; // closing: no ping may follow a close frame
    }
    this.pingSent = sent;
    if (this.cursor.atBoundary) {
      this.writePing();
    }
  }

  private writePing(): void {
    const sent = this.pingSent;
    this.pingSent = undefined;
    if (sent !== undefined && !this.cursor.closeSeen && this.to.writable) {
      this.to.write(PING_FRAME);
      sent();
    }
  }

  private readonly relayChunk = (chunk: Buffer): void => {
    if (this.finished) {
      return; // read and dropped, so that the peer's closing handshake can complete
    }
    const toBoundary = this.pingSent === undefined ? undefined : this.cursor.bytesToBoundary;
    if (toBoundary !== undefined && toBoundary > 0 && toBoundary < chunk.length) {
      // A ping waits for the frame being relayed to end, inside this chunk: relay up to there, ping, go on.
      this.relayChunk(chunk.subarray(0, toBoundary));
      this.relayChunk(chunk.subarray(toBoundary));
      return;
    }
    const outcome = this.cursor.scan(chunk, this.write);
    const queued = this.to.writableLength;
    if (queued > this.peak) {
      this.peak = queued;
    }
    if (outcome === 'stopped') {
      this.finish(this.pending);
    } else if (outcome === 'too-big') {
      this.relay.tooBig(this);
    } else if (queued > this.options.highWaterMark && !this.paused) {
      this.paused = true;
      this.from.pause();
      this.to.once('drain', this.resume);
      this.options.observer?.({ type: 'paused', side: this.side });
    }
    if (this.pingSent !== undefined && outcome === 'open' && this.cursor.atBoundary) {
      this.writePing(); // the frame a ping waited for has ended
    }
  };

  private readonly write = (bytes: Buffer): void => {
    if (this.to.writable) {
      this.to.write(bytes);
    }
  };

  private readonly resume = (): void => {
    if (this.paused) {
      this.paused = false;
      this.from.resume();
      this.options.observer?.({ type: 'resumed', side: this.side });
    }
  };

  /** `from` ended: pass the end on, or, when it ended without a close frame, say so to `to` first. */
  private ended(): void {
    if (this.sourceGone) {
      return;
    }
    this.sourceGone = true;
    this.relay.startClosing();
    if (this.finished) {
      return;
    }
    if (this.pending !== undefined) {
      this.cut();
    } else if (this.cursor.closeSeen) {
      this.finish(undefined);
    } else {
      this.inject(forwardedClose(1006, '', this.side));
    }
  }

  private finish(frame: Buffer | undefined): void {
    this.finished = true;
    this.pending = undefined;
    if (this.paused) {
      this.resume(); // keep reading the peer's close reply
    }
    if (this.to.writable) {
      if (frame !== undefined) {
        this.to.write(frame);
      }
      this.to.end();
    }
  }

  private cut(): void {
    this.finished = true;
    this.pending = undefined;
    this.to.destroy();
  }
}

/** A relayed connection, whichever way it is relayed. */
export type ConnectionRelay = Relay | RawRelay;
