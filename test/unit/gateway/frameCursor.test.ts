import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { encodeCloseFrame, FrameCursor, type ScanOutcome } from '../../../gateway/src/frameCursor';

/** A frame as RFC 6455 lays it out; masked with a fixed key when `mask` is set (a client's frame). */
function frame(opcode: number, payload: Buffer | string, { fin = true, mask = false } = {}): Buffer {
  const body = Buffer.from(payload);
  const length = body.length < 126 ? [body.length] : body.length < 0x10000 ? [126] : [127];
  const extended =
    length[0] === 126
      ? Buffer.from([body.length >> 8, body.length & 0xff])
      : length[0] === 127
        ? Buffer.concat([Buffer.alloc(4), Buffer.from(new Uint32Array([body.length]).buffer).reverse()])
        : Buffer.alloc(0);
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const first = Buffer.from([(fin ? 0x80 : 0) | opcode, (mask ? 0x80 : 0) | (length[0] ?? 0)]);
  const masked = mask ? Buffer.from(body.map((byte, index) => byte ^ (key[index % 4] ?? 0))) : body;
  return Buffer.concat([first, extended, mask ? key : Buffer.alloc(0), masked]);
}

const TEXT = 0x1;
const BINARY = 0x2;
const CONTINUATION = 0x0;
const PING = 0x9;
const CLOSE = 0x8;

interface Run {
  readonly emitted: Buffer;
  readonly outcomes: ScanOutcome[];
  readonly messages: number[];
  readonly closeCode: number | undefined;
}

/** Feeds `stream` to a fresh cursor in the given chunks and records what came out. */
function run(stream: Buffer, cuts: readonly number[], maxPayload = 1 << 30, stopAfter?: number): Run {
  const messages: number[] = [];
  const cursor = new FrameCursor(maxPayload, (bytes) => messages.push(bytes));
  const pieces: Buffer[] = [];
  const outcomes: ScanOutcome[] = [];
  let start = 0;
  for (const end of [...cuts, stream.length]) {
    if (stopAfter !== undefined && start >= stopAfter) {
      cursor.stopAtNextBoundary();
    }
    outcomes.push(cursor.scan(stream.subarray(start, end), (bytes) => pieces.push(Buffer.from(bytes))));
    start = end;
  }
  return { emitted: Buffer.concat(pieces), outcomes, messages, closeCode: cursor.closeCode };
}

/** Every way to cut the stream in two, and the stream cut into single bytes. */
function splits(length: number): number[][] {
  const two = Array.from({ length: length - 1 }, (_, index) => [index + 1]);
  const bytes = Array.from({ length: length - 1 }, (_, index) => index + 1);
  return [[], ...two, bytes];
}

suite('frame cursor', () => {
  const conversation = Buffer.concat([
    frame(TEXT, 'hello', { mask: true }),
    frame(BINARY, Buffer.alloc(200, 7), { mask: true }),
    frame(PING, 'are you there'),
    frame(TEXT, 'x'.repeat(70_000)),
    frame(CLOSE, Buffer.concat([Buffer.from([0x0f, 0xa0]), Buffer.from('bye')]), { mask: true }),
  ]);

  test('passes every byte on unchanged, however the stream is cut, and reads the close code', () => {
    const cutsOfInterest = splits(120).concat([[70_100], [70_150, 70_240]]);
    for (const cuts of cutsOfInterest) {
      const result = run(conversation, cuts);
      assert.ok(result.emitted.equals(conversation), `cut at ${cuts.join(',')}`);
      assert.deepEqual(result.messages, [5, 200, 70_000], `cut at ${cuts.join(',')}`);
      assert.equal(result.closeCode, 4000, `cut at ${cuts.join(',')}`);
      assert.ok(result.outcomes.every((outcome) => outcome === 'open'));
    }
  });

  test('a fragmented message counts once, with the sum of its fragments; control frames between them do not', () => {
    const stream = Buffer.concat([
      frame(TEXT, 'abc', { fin: false }),
      frame(PING, ''),
      frame(CONTINUATION, 'def', { fin: false }),
      frame(CONTINUATION, 'gh'),
    ]);
    for (const cuts of splits(stream.length)) {
      const result = run(stream, cuts);
      assert.ok(result.emitted.equals(stream));
      assert.deepEqual(result.messages, [8]);
      assert.equal(result.closeCode, undefined);
    }
  });

  test('a message over maxPayload stops before the frame that makes it too big', () => {
    const before = Buffer.concat([frame(TEXT, '1234'), frame(TEXT, 'ab', { fin: false })]);
    const stream = Buffer.concat([before, frame(CONTINUATION, 'cdefg'), frame(TEXT, 'after')]);
    for (const cuts of splits(stream.length)) {
      const result = run(stream, cuts, 6);
      assert.ok(result.emitted.equals(before), `cut at ${cuts.join(',')}: ${result.emitted.toString('hex')}`);
      assert.ok(result.outcomes.includes('too-big'));
      assert.deepEqual(result.messages, [4]);
    }
  });

  test('a close frame without a payload reads as 1005 (no status)', () => {
    assert.equal(run(frame(CLOSE, '', { mask: true }), []).closeCode, 1005);
  });

  test('asked to stop, it passes on the frame under way and nothing after it', () => {
    const first = frame(BINARY, Buffer.alloc(300, 1));
    const stream = Buffer.concat([first, frame(TEXT, 'next')]);
    for (const stopAfter of [1, 2, 4, 100, 299]) {
      const result = run(stream, [stopAfter, first.length - 1, first.length + 2], 1 << 30, stopAfter);
      assert.ok(result.emitted.equals(first), `stop after ${stopAfter}`);
      assert.ok(result.outcomes.includes('stopped'));
    }
  });

  test('bytesToBoundary: what is left of the frame under way, unknown inside a split header', () => {
    const cursor = new FrameCursor(1 << 30);
    const first = frame(BINARY, Buffer.alloc(300, 1)); // a 4-byte header: 2 bytes and a 16-bit length
    const seen = [cursor.bytesToBoundary];
    for (const [start, end] of [
      [0, 3],
      [3, 104],
      [104, first.length],
    ] as const) {
      cursor.scan(first.subarray(start, end), () => undefined);
      seen.push(cursor.bytesToBoundary);
    }
    assert.deepEqual(seen, [0, undefined, 200, 0]);
  });

  test("the gateway's close frames read back with their code, masked or not", () => {
    for (const masked of [false, true]) {
      const bytes = encodeCloseFrame({ code: 1011, reason: 'Backend connection lost' }, masked);
      assert.equal((bytes[1] ?? 0) >> 7, masked ? 1 : 0);
      assert.equal(run(bytes, []).closeCode, 1011);
    }
  });
});
