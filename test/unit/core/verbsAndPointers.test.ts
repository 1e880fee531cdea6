import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { namesOfVerb, verbOfAction, verbOfType, VERBS } from '../../../core/src/asyncapi/verbs';
import { decodePointer, encodePointer } from '../../../core/src/document/jsonPointer';

suite('the verb table', () => {
  test('each direction reads back from each of its names', () => {
    assert.deepEqual(
      VERBS.map(({ verb, type, operationKey, action }) => [verb, type, operationKey, action]),
      [
        ['SUBSCRIBE', 'SUB', 'subscribe', 'receive'],
        ['PUBLISH', 'PUB', 'publish', 'send'],
      ],
    );
    for (const names of VERBS) {
      assert.equal(namesOfVerb(names.verb), names);
      assert.equal(verbOfType(names.type), names.verb);
      assert.equal(verbOfAction(names.action), names.verb);
    }
  });

  test('an AsyncAPI 3 action that is neither send nor receive has no verb', () => {
    assert.deepEqual(['Send', 'publish', undefined, 3].map(verbOfAction), [
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

suite('JSON pointers', () => {
  test('keys with / and ~ go there and back', () => {
    const path = ['channels', '/rooms/{roomID}', 'a~b', '0'];
    assert.equal(encodePointer(path), '/channels/~1rooms~1{roomID}/a~0b/0');
    assert.deepEqual(decodePointer(encodePointer(path)), path);
  });

  test('a percent-encoded fragment reads as its keys; what is not a pointer reads as undefined', () => {
    assert.deepEqual(decodePointer('/channels/~1rooms~1%7BroomID%7D'), ['channels', '/rooms/{roomID}']);
    assert.deepEqual(decodePointer(''), []);
    assert.equal(decodePointer('channels/a'), undefined);
    assert.equal(decodePointer('/bad%E0%A4%A'), undefined);
  });
});
