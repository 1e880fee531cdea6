import assert from 'node:assert/strict';
import specs from '@asyncapi/specs';
import { suite, test } from 'node:test';

import { didYouMean, editDistance, schemaVocabulary } from '../../../core/src';

suite('didYouMean', () => {
  const vocabulary = schemaVocabulary(specs.schemas['2.6.0']);

  test('the 2.6.0 schema knows its words', () => {
    for (const word of ['asyncapi', 'channels', 'subscribe', 'publish', 'bindings', 'correlationId']) {
      assert.ok(vocabulary.has(word), word);
    }
  });

  const cases: ReadonlyArray<readonly [string, string | undefined]> = [
    ['chanels', 'channels'],
    ['subcribe', 'subscribe'],
    ['pubilsh', 'publish'],
    ['Description', 'description'],
    ['infos', 'info'],
    ['payload', undefined],
    ['x-uri-mapping', undefined],
    ['zzz', undefined],
  ];
  for (const [typo, expected] of cases) {
    test(`'${typo}' → ${expected ?? 'nothing'}`, () => assert.equal(didYouMean(typo, vocabulary), expected));
  }

  test('a swap of neighbours is one edit', () => {
    assert.equal(editDistance('pubilsh', 'publish'), 1);
    assert.equal(editDistance('', 'abc'), 3);
  });
});
