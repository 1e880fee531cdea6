import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { matchTopic, normalizeTopic, topicRank } from '../../../core/src/wso2';

suite('matchTopic', () => {
  const cases: ReadonlyArray<[topic: string, subPath: string, params: Record<string, string> | undefined]> = [
    ['/notifications', '/notifications', {}],
    ['/notifications', '/notifications/x', undefined],
    ['/notifications', '/', undefined],
    ['/rooms/{roomID}', '/rooms/general', { roomID: 'general' }],
    ['/rooms/{roomID}', '/rooms/caf%C3%A9', { roomID: 'caf%C3%A9' }],
    ['/rooms/{roomID}', '/rooms', undefined],
    ['/rooms/{roomID}', '/rooms/a/b', undefined],
    ['/rooms/{roomID}/users/{userID}', '/rooms/r/users/u', { roomID: 'r', userID: 'u' }],
    ['/files/{name}.json', '/files/report.json', { name: 'report' }],
    ['/*', '/', {}],
    ['/*', '/anything/at/all', {}],
    ['/rooms/*', '/rooms', {}],
    ['/rooms/*', '/rooms/a/b', {}],
    ['/rooms/*', '/roomsx', undefined],
    ['/a/*/c', '/a/b/c', {}],
    ['*', '/x', {}],
    ['/a.b', '/aXb', undefined],
  ];
  for (const [topic, subPath, params] of cases) {
    test(`${topic} ${params ? 'matches' : 'does not match'} ${subPath}`, () => {
      assert.deepEqual(matchTopic(topic, subPath), params);
    });
  }
});

suite('topicRank and normalizeTopic', () => {
  test('exact < template < wildcard < /*', () => {
    assert.deepEqual(['/a', '/a/{b}', '/a/*', '/*', '*'].map(topicRank), [0, 1, 2, 3, 3]);
  });

  test('normalizes slashes', () => {
    assert.deepEqual(['rooms/{id}/', '/', '*', '/a//'].map(normalizeTopic), ['/rooms/{id}', '/', '/*', '/a']);
  });
});
