import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import {
  closeOfError,
  forwardedClose,
  isSendable,
  truncateReason,
  type Side,
} from '../../../gateway/src/closeCodes';

suite('forwardedClose', () => {
  const cases: ReadonlyArray<[code: number, reason: string, from: Side, code2: number, reason2: string]> = [
    [1000, 'done', 'client', 1000, 'done'],
    [1001, '', 'backend', 1001, ''],
    [1008, 'policy', 'backend', 1008, 'policy'],
    [
      4001,
      'Invalid Credentials Connection closed!',
      'backend',
      4001,
      'Invalid Credentials Connection closed!',
    ],
    [1005, '', 'client', 1000, ''],
    [1005, '', 'backend', 1000, ''],
    [1006, '', 'backend', 1011, 'Backend connection lost'],
    [1006, '', 'client', 1001, 'Client connection lost'],
    [1015, '', 'backend', 1011, 'The backend closed with code 1015'],
    [1004, '', 'client', 1011, 'The client closed with code 1004'],
    [2999, '', 'client', 1011, 'The client closed with code 2999'],
  ];
  for (const [code, reason, from, expectedCode, expectedReason] of cases) {
    test(`${code} from the ${from} -> ${expectedCode}`, () => {
      assert.deepEqual(forwardedClose(code, reason, from), { code: expectedCode, reason: expectedReason });
    });
  }

  test('isSendable follows RFC 6455', () => {
    assert.deepEqual([999, 1000, 1004, 1005, 1006, 1014, 1015, 3000, 4999, 5000].map(isSendable), [
      false,
      true,
      false,
      false,
      false,
      true,
      false,
      true,
      true,
      false,
    ]);
  });

  test('reasons are cut to 123 bytes without splitting a character', () => {
    assert.equal(truncateReason('a'.repeat(200)).length, 123);
    const cut = truncateReason('é'.repeat(100));
    assert.equal(Buffer.byteLength(cut), 122);
    assert.equal(cut, 'é'.repeat(61));
  });

  test('ws failures keep their close code', () => {
    assert.deepEqual(closeOfError('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'), {
      code: 1009,
      reason: 'Message too big',
    });
    assert.equal(closeOfError('WS_ERR_INVALID_UTF8')?.code, 1007);
    assert.equal(closeOfError('WS_ERR_INVALID_OPCODE')?.code, 1002);
    assert.equal(closeOfError('ECONNRESET'), undefined);
    assert.equal(closeOfError(undefined), undefined);
  });
});
