import { randomFillSync } from 'node:crypto';

import { truncateReason, type CloseFrame } from './closeCodes';

/** RFC 6455 section 5.2 opcodes the raw relay tells apart. */
const CONTINUATION = 0x0;
const TEXT = 0x1;
const BINARY = 0x2;
const CLOSE = 0x8;
/** The longest frame header: 2 bytes, a 64-bit length and a 4-byte mask key. */
const MAX_HEADER_BYTES = 14;
/** Lengths above 2^53 cannot be counted exactly; they are larger than any maxPayload anyway. */
const MAX_SAFE_HIGH_WORD = 0x1fffff;

/** What scanning one chunk ended with. */
export type ScanOutcome =
  /** Every complete frame was passed on; a header split across chunks is held until the rest comes. */
  | 'open'
  /** The stream reached the frame boundary `stopAtNextBoundary` asked for: nothing after it was passed on. */
  | 'stopped'
  /** A message grew beyond maxPayload: the frame that did it was not passed on, nor anything after it. */
  | 'too-big';

/**
 * Follows the frames of one direction of a WebSocket connection without decoding them: it reads each frame
 * header, skips the payload, and passes the bytes on unchanged. That is enough to know where frames begin
 * (so the gateway can put its own close frame between two frames), whether a close frame went through,
 * and how long the current message is (maxPayload), at a cost per frame, not per byte.
 */
export class FrameCursor {
  /** A close frame went through; its code, once its first two payload bytes did (1005: it had none). */
  closeCode: number | undefined;
  /** Payload bytes of the current frame not yet seen. */
  private remaining = 0;
  /** The start of a header split across chunks, held back so that nothing of it is passed on too early. */
  private held: Buffer | undefined;
  private heldLength = 0;
  /** Payload bytes of the current message so far (its frames up to the one with FIN). */
  private messageBytes = 0;
  /** The header of the current frame. */
  private readonly header: FrameHeader = { fin: true, opcode: CONTINUATION, length: 0, mask: 0 };
  /** How many bytes of a close frame's code were read. */
  private closeCodeBytes = 2;
  private stopAtBoundary = false;
  private finished = false;

  /**
   * @param maxPayload the largest message, in payload bytes, let through
   * @param counted called once per message, when its last frame starts, with the message's payload bytes
   */
  constructor(
    private readonly maxPayload: number,
    private readonly counted?: (bytes: number) => void,
  ) {}

  /** Between two frames: a frame of the gateway's own can go here. */
  get atBoundary(): boolean {
    return this.remaining === 0 && this.heldLength === 0;
  }

  /** Bytes until the frame being passed on ends (0: at a boundary); undefined while its header is incomplete. */
  get bytesToBoundary(): number | undefined {
    return this.heldLength === 0 ? this.remaining : undefined;
  }

  /** Whether a close frame went through. */
  get closeSeen(): boolean {
    return this.closeCode !== undefined;
  }

  /** Makes the next scan stop at the next frame boundary (when a close frame of the gateway's must go in). */
  stopAtNextBoundary(): void {
    this.stopAtBoundary = true;
  }

  /**
   * Reads one chunk of the stream and passes on (with `emit`) the bytes that may go on now: whole chunks
   * when possible, without copying. After 'stopped' or 'too-big' the cursor emits nothing more.
   */
  scan(chunk: Buffer, emit: (bytes: Buffer) => void): ScanOutcome {
    if (this.finished) {
      return 'stopped';
    }
    if (this.stopAtBoundary && this.atBoundary) {
      return this.finish('stopped', undefined, chunk, 0, emit);
    }
    let offset = 0;
    // A split header: `prefix` holds its first bytes, to be emitted before this chunk's bytes.
    let prefix: Buffer | undefined;
    while (offset < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - offset);
        this.readCloseCode(chunk, offset, take);
        this.remaining -= take;
        offset += take;
        if (this.remaining === 0 && this.stopAtBoundary) {
          return this.finish('stopped', prefix, chunk, offset, emit);
        }
        continue;
      }
      const size = this.readHeader(chunk, offset);
      if (size === 0) {
        // Keep the incomplete header; pass on what came before it.
        this.held ??= Buffer.alloc(MAX_HEADER_BYTES);
        chunk.copy(this.held, this.heldLength, offset);
        this.heldLength += chunk.length - offset;
        emitPart(prefix, chunk, offset, emit);
        return 'open';
      }
      const frameStart = offset - this.heldLength;
      if (this.held !== undefined && this.heldLength > 0) {
        prefix = Buffer.from(this.held.subarray(0, this.heldLength)); // written later: must not be reused
      }
      const opcode = this.header.opcode;
      if (opcode === CONTINUATION || opcode === TEXT || opcode === BINARY) {
        this.messageBytes =
          opcode === CONTINUATION ? this.messageBytes + this.header.length : this.header.length;
        if (this.messageBytes > this.maxPayload) {
          // Not one byte of this frame goes on: the other side stays at a frame boundary.
          // A held header is this frame's own start: it does not go on either.
          this.heldLength = 0;
          return frameStart < 0
            ? this.finish('too-big', undefined, chunk, 0, emit)
            : this.finish('too-big', prefix, chunk, frameStart, emit);
        }
        if (this.header.fin) {
          this.counted?.(this.messageBytes);
          this.messageBytes = 0;
        }
      } else if (opcode === CLOSE) {
        this.closeCode = 1005;
        this.closeCodeBytes = 0;
      }
      offset += size - this.heldLength;
      this.heldLength = 0;
      this.remaining = this.header.length;
      if (this.remaining === 0 && this.stopAtBoundary) {
        return this.finish('stopped', prefix, chunk, offset, emit);
      }
    }
    if (this.stopAtBoundary && this.atBoundary) {
      return this.finish('stopped', prefix, chunk, chunk.length, emit);
    }
    emitPart(prefix, chunk, chunk.length, emit);
    return 'open';
  }

  private finish(
    outcome: ScanOutcome,
    prefix: Buffer | undefined,
    chunk: Buffer,
    end: number,
    emit: (bytes: Buffer) => void,
  ): ScanOutcome {
    emitPart(prefix, chunk, end, emit);
    this.finished = true;
    return outcome;
  }

  /**
   * Reads the header starting at `offset` (after any held bytes) into `this.header` and returns its size,
   * or 0 when the chunk ends inside it. Allocates nothing: it runs once per frame.
   */
  private readHeader(chunk: Buffer, offset: number): number {
    const available = this.heldLength + chunk.length - offset;
    if (available < 2) {
      return 0;
    }
    const first = this.byteAt(chunk, offset, 0);
    const second = this.byteAt(chunk, offset, 1);
    const shortLength = second & 0x7f;
    const lengthBytes = shortLength === 126 ? 2 : shortLength === 127 ? 8 : 0;
    const masked = (second & 0x80) !== 0;
    const size = 2 + lengthBytes + (masked ? 4 : 0);
    if (available < size) {
      return 0;
    }
    let length = shortLength;
    if (lengthBytes === 2) {
      length = this.word(chunk, offset, 2) >>> 16;
    } else if (lengthBytes === 8) {
      const high = this.word(chunk, offset, 2);
      const low = this.word(chunk, offset, 6);
      length = high > MAX_SAFE_HIGH_WORD ? Number.MAX_SAFE_INTEGER : high * 0x1_0000_0000 + low;
    }
    this.header.fin = (first & 0x80) !== 0;
    this.header.opcode = first & 0x0f;
    this.header.length = length;
    this.header.mask = masked ? this.word(chunk, offset, 2 + lengthBytes) : 0;
    return size;
  }

  /** Byte `index` of the header that starts at `offset` after the held bytes. */
  private byteAt(chunk: Buffer, offset: number, index: number): number {
    return index < this.heldLength
      ? (this.held?.[index] ?? 0)
      : (chunk[offset + index - this.heldLength] ?? 0);
  }

  /** Four header bytes from `index` as an unsigned big-endian number (bytes past the header read as 0). */
  private word(chunk: Buffer, offset: number, index: number): number {
    return (
      ((this.byteAt(chunk, offset, index) << 24) |
        (this.byteAt(chunk, offset, index + 1) << 16) |
        (this.byteAt(chunk, offset, index + 2) << 8) |
        this.byteAt(chunk, offset, index + 3)) >>>
      0
    );
  }

  /** Reads the status code of a close frame from its first two payload bytes, wherever they arrive. */
  private readCloseCode(chunk: Buffer, offset: number, take: number): void {
    if (this.header.opcode !== CLOSE || this.closeCode === undefined) {
      return;
    }
    for (let index = 0; index < take && this.closeCodeBytes < 2; index += 1) {
      const key = (this.header.mask >>> (24 - 8 * this.closeCodeBytes)) & 0xff;
      const byte = (chunk[offset + index] ?? 0) ^ key;
      this.closeCode = this.closeCodeBytes === 0 ? byte * 0x100 : this.closeCode + byte;
      this.closeCodeBytes += 1;
    }
  }
}

/** The header of the frame being read, kept in one object per cursor. */
interface FrameHeader {
  fin: boolean;
  opcode: number;
  length: number;
  /** The mask key as a big-endian word; 0 when unmasked. */
  mask: number;
}

function emitPart(
  prefix: Buffer | undefined,
  chunk: Buffer,
  end: number,
  emit: (bytes: Buffer) => void,
): void {
  if (prefix !== undefined) {
    emit(prefix);
  }
  if (end === chunk.length) {
    emit(chunk);
  } else if (end > 0) {
    emit(chunk.subarray(0, end));
  }
}

/**
 * A close frame of the gateway's own: unmasked towards a client, masked (as RFC 6455 requires of a client)
 * towards a backend.
 */
export function encodeCloseFrame({ code, reason }: CloseFrame, masked: boolean): Buffer {
  const text = Buffer.from(truncateReason(reason), 'utf8');
  const payloadLength = 2 + text.length;
  const maskBytes = masked ? 4 : 0;
  const frame = Buffer.alloc(2 + maskBytes + payloadLength);
  frame[0] = 0x80 | CLOSE;
  frame[1] = (masked ? 0x80 : 0) | payloadLength;
  const payload = frame.subarray(2 + maskBytes);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  if (masked) {
    const key = frame.subarray(2, 6);
    randomFillSync(key);
    for (let index = 0; index < payload.length; index += 1) {
      payload[index] = (payload[index] ?? 0) ^ (key[index % 4] ?? 0);
    }
  }
  return frame;
}
