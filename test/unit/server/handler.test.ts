import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import { CancellationTokenSource, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';

import { handler } from '../../../server/src/utils/runner';

/** A connection whose console keeps what the server logs. */
function logged(): { connection: { console: { error(message: string): void } }; lines: string[] } {
  const lines: string[] = [];
  return { connection: { console: { error: (message: string) => lines.push(message) } }, lines };
}

const codeOf = (answer: unknown): number | undefined =>
  answer instanceof ResponseError ? answer.code : undefined;

suite('the one runner of LSP requests', () => {
  test('a request cancelled before it runs is answered RequestCancelled and never runs', async () => {
    const { connection } = logged();
    const source = new CancellationTokenSource();
    source.cancel();
    let ran = false;
    const answer = await handler(connection, 'hover', null, () => {
      ran = true;
      return 'hover text';
    })({}, source.token);
    assert.equal(ran, false);
    assert.equal(codeOf(answer), LSPErrorCodes.RequestCancelled);
  });

  test('a request cancelled while it waits is answered RequestCancelled, not with its stale result', async () => {
    const { connection } = logged();
    const source = new CancellationTokenSource();
    const answer = handler(connection, 'completion', [], async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return ['stale'];
    })({}, source.token);
    source.cancel();
    assert.equal(codeOf(await answer), LSPErrorCodes.RequestCancelled);
  });

  test('a bug is logged with what was asked and answered with the fallback', async () => {
    const { connection, lines } = logged();
    const answer = await handler(connection, 'definitions', [], () => {
      throw new TypeError('x is undefined');
    })({}, new CancellationTokenSource().token);
    assert.deepEqual(answer, []);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^Error while computing definitions: x is undefined\n/);
  });

  test('a fallback function makes the answer from the error', async () => {
    const { connection } = logged();
    const answer = await handler<unknown, string>(
      connection,
      'a design command',
      (error) => new ResponseError(ErrorCodes.InternalError, `failed: ${(error as Error).message}`),
      () => Promise.reject(new Error('EACCES')),
    )({}, new CancellationTokenSource().token);
    assert.ok(answer instanceof ResponseError);
    assert.equal(answer.message, 'failed: EACCES');
  });

  test('a ResponseError the handler throws is the answer, with its data, and nothing is logged', async () => {
    const { connection, lines } = logged();
    const answer = await handler(connection, 'rename', null, () => {
      throw new ResponseError(ErrorCodes.InvalidParams, 'The name is taken.', { field: 'name' });
    })({}, new CancellationTokenSource().token);
    assert.ok(answer instanceof ResponseError);
    assert.equal(answer.message, 'The name is taken.');
    assert.deepEqual(answer.data, { field: 'name' });
    assert.deepEqual(lines, []);
  });
});
