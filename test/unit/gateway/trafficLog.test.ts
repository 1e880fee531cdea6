import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, suite, test } from 'node:test';

import {
  openTrafficLog,
  PAYLOAD_PREFIX_BYTES,
  TrafficLog,
  TrafficLogError,
} from '../../../gateway/src/trafficLog';

const connection = { connection: 7, api: 'Chats', version: '1.0.0', topic: '/rooms/{roomID}' };

/** A log whose lines are kept as parsed objects. */
function memoryLog(): { log: TrafficLog; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      String(chunk)
        .split('\n')
        .filter((line) => line !== '')
        .forEach((line) => records.push(JSON.parse(line) as Record<string, unknown>));
      done();
    },
  });
  return { log: new TrafficLog(stream, false), records };
}

suite('traffic log', () => {
  const folder = mkdtempSync(join(tmpdir(), 'wsapi-log-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  test('a frame line has the connection, direction, opcode, size, payload and validation', () => {
    const { log, records } = memoryLog();
    log.frame(
      connection,
      'client',
      Buffer.from('{"a":1}'),
      false,
      { result: 'valid', message: 'M' },
      'relayed',
    );
    log.frame(connection, 'backend', Buffer.from([0, 1, 2]), true, { result: 'unchecked' }, 'relayed');
    log.frame(
      connection,
      'client',
      Buffer.from('x'),
      false,
      { result: 'invalid', problem: 'M: bad', problems: ['M: bad'] },
      'rejected',
    );
    const [text, binary, invalid] = records;
    assert.match(String(text?.time), /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(
      { ...text, time: undefined },
      {
        ...connection,
        time: undefined,
        event: 'frame',
        direction: 'client_to_backend',
        opcode: 'text',
        size: 7,
        payload: '{"a":1}',
        truncated: false,
        validation: 'valid',
        action: 'relayed',
      },
    );
    assert.deepEqual(
      [binary?.direction, binary?.opcode, binary?.payload],
      ['backend_to_client', 'binary', 'AAEC'],
    );
    assert.deepEqual(
      [invalid?.validation, invalid?.problem, invalid?.action],
      ['invalid', 'M: bad', 'rejected'],
    );
  });

  test('only a prefix of a large payload is kept', () => {
    const { log, records } = memoryLog();
    log.frame(connection, 'client', Buffer.alloc(10_000, 'a'), false, { result: 'unchecked' }, 'relayed');
    assert.equal(records[0]?.size, 10_000);
    assert.equal(String(records[0]?.payload).length, PAYLOAD_PREFIX_BYTES);
    assert.equal(records[0]?.truncated, true);
  });

  test('open and close lines', () => {
    const { log, records } = memoryLog();
    log.open(connection, '/chats/1.0.0/rooms/lobby');
    log.close(connection, 'backend', 1011);
    assert.deepEqual(
      records.map(({ event, path, side, code }) => ({ event, path, side, code })),
      [
        { event: 'open', path: '/chats/1.0.0/rooms/lobby', side: undefined, code: undefined },
        { event: 'close', path: undefined, side: 'backend', code: 1011 },
      ],
    );
  });

  test('a file log appends lines and is closed by end()', async () => {
    const file = join(folder, 'traffic.jsonl');
    for (const code of [1000, 1001]) {
      const log = await openTrafficLog(file);
      log.close(connection, 'client', code);
      await log.end();
    }
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    assert.deepEqual(
      lines.map((line) => (JSON.parse(line) as { code: number }).code),
      [1000, 1001],
    );
  });

  test('a file that cannot be written is a clear error', async () => {
    await assert.rejects(
      openTrafficLog(join(folder, 'no', 'such', 'folder', 'log.jsonl')),
      (error: unknown) => {
        assert.ok(error instanceof TrafficLogError);
        assert.match(
          error.message,
          /^--log .*log\.jsonl: cannot write it \(ENOENT\): give a file in a folder that exists/,
        );
        return true;
      },
    );
  });
});
