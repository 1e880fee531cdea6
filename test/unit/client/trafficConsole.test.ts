import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { consoleLines, FOLD_LINES, readTrafficLine } from '../../../client/src/debug/trafficConsole';

const FRAME = {
  time: '2026-12-07T19:40:01.234Z',
  connection: 3,
  api: 'Chats',
  version: '1.0.0',
  topic: '/rooms/{roomID}',
  event: 'frame',
  direction: 'client_to_backend',
  opcode: 'text',
  size: 30,
  payload: '{"from":"me","text":"hello"}',
  truncated: false,
  validation: 'valid',
  action: 'relayed',
};

void suite('the Debug Console of a wsapi-gateway session', () => {
  void test('a traffic log line is read; the route table and other output are not', () => {
    assert.equal(readTrafficLine('listening ws://127.0.0.1:9099'), undefined);
    assert.equal(readTrafficLine('{not json'), undefined);
    assert.equal(readTrafficLine('{"event":"other","time":"x"}'), undefined);
    assert.deepEqual(readTrafficLine(JSON.stringify(FRAME)), FRAME);
  });

  void test('a frame: time, direction, API and topic, size, verdict, then the payload pretty-printed', () => {
    const entry = readTrafficLine(JSON.stringify(FRAME));
    assert.ok(entry);
    assert.deepEqual(consoleLines(entry), [
      {
        text: '19:40:01.234 → client to backend  Chats 1.0.0 /rooms/{roomID}  30 B  ✓ valid',
        category: 'stdout',
      },
      { text: '    {', category: 'stdout' },
      { text: '      "from": "me",', category: 'stdout' },
      { text: '      "text": "hello"', category: 'stdout' },
      { text: '    }', category: 'stdout' },
    ]);
  });

  void test('an invalid frame says why; a long payload is folded; a binary one gives its size', () => {
    const invalid = readTrafficLine(
      JSON.stringify({
        ...FRAME,
        direction: 'backend_to_client',
        validation: 'invalid',
        problem: 'ChatMessage: /from must be string',
        action: 'rejected',
      }),
    );
    assert.ok(invalid);
    const [header] = consoleLines(invalid);
    assert.equal(
      header?.text,
      '19:40:01.234 ← backend to client  Chats 1.0.0 /rooms/{roomID}  30 B  ✗ invalid: ChatMessage: /from must be string  [rejected]',
    );
    assert.equal(header?.category, 'stderr');

    const long = { list: Array.from({ length: FOLD_LINES + 2 }, (_, index) => index) };
    const folded = consoleLines(
      readTrafficLine(JSON.stringify({ ...FRAME, payload: JSON.stringify(long) }))!,
    );
    assert.equal(folded[0]?.group, 'startCollapsed');
    assert.match(folded[0]?.text ?? '', /\(\d+ lines\)$/);
    assert.equal(folded.at(-1)?.group, 'end');

    const binary = consoleLines(
      readTrafficLine(
        JSON.stringify({ ...FRAME, opcode: 'binary', size: 3, payload: 'AAEC', validation: 'unchecked' }),
      )!,
    );
    assert.deepEqual(
      binary.map((line) => line.text),
      [
        '19:40:01.234 → client to backend  Chats 1.0.0 /rooms/{roomID}  3 B  not checked',
        '    (binary, 3 bytes)',
      ],
    );
  });

  void test('connections opening and closing, with their codes', () => {
    const open = readTrafficLine(
      JSON.stringify({
        time: FRAME.time,
        connection: 3,
        api: 'Chats',
        version: '1.0.0',
        topic: '/rooms/{roomID}',
        event: 'open',
        path: '/chats/1.0.0/rooms/lobby',
      }),
    );
    const close = readTrafficLine(
      JSON.stringify({
        time: FRAME.time,
        connection: 3,
        api: 'Chats',
        version: '1.0.0',
        topic: '/rooms/{roomID}',
        event: 'close',
        side: 'client',
        code: 1000,
      }),
    );
    assert.deepEqual(
      consoleLines(open!).map((line) => line.text),
      ['19:40:01.234 ⇄ open  /chats/1.0.0/rooms/lobby  (connection 3)'],
    );
    assert.deepEqual(
      consoleLines(close!).map((line) => line.text),
      ['19:40:01.234 ⇄ close Chats 1.0.0 /rooms/{roomID}  1000 by the client  (connection 3)'],
    );
  });
});
