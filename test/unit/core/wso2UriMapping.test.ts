import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { mappedBackendUrl, mappingVariables, withClientQuery } from '../../../core/src/wso2';

suite('mappedBackendUrl', () => {
  const cases: ReadonlyArray<
    [endpoint: string, mapping: string | undefined, params: Record<string, string>, url: string]
  > = [
    ['ws://localhost:8080', '/notifications', {}, 'ws://localhost:8080/notifications'],
    ['ws://localhost:8080', undefined, {}, 'ws://localhost:8080'],
    ['ws://localhost:8080', '', {}, 'ws://localhost:8080'],
    ['ws://localhost:8080/', '/rooms', {}, 'ws://localhost:8080//rooms'],
    ['ws://localhost:8080/base', 'rooms', {}, 'ws://localhost:8080/baserooms'],
    ['ws://h', '/rooms?room={uri.var.roomID}', { roomID: 'general' }, 'ws://h/rooms?room=general'],
    ['ws://h', '/rooms?room={uri.var.roomID}', { roomID: 'a b&c' }, 'ws://h/rooms?room=a%20b%26c'],
    ['ws://h', '/rooms?room={uri.var.roomID}', { roomID: 'caf%C3%A9' }, 'ws://h/rooms?room=caf%C3%A9'],
    ['ws://h', '/{uri.var.a}/{uri.var.b}', { a: '1', b: '2' }, 'ws://h/1/2'],
    ['ws://h', '/{uri.var.missing}', {}, 'ws://h/'],
  ];
  for (const [endpoint, mapping, params, url] of cases) {
    test(`${endpoint} + ${String(mapping)} -> ${url}`, () => {
      assert.equal(mappedBackendUrl(endpoint, mapping, params), url);
    });
  }

  test('mappingVariables lists the {uri.var.x} names', () => {
    assert.deepEqual(mappingVariables('/r/{uri.var.a}?x={uri.var.b}'), ['a', 'b']);
  });
});

suite('withClientQuery', () => {
  const cases: ReadonlyArray<[backend: string, query: string, url: string]> = [
    ['ws://h/feed', '', 'ws://h/feed'],
    ['ws://h/feed', 'a=1&b=two', 'ws://h/feed?a=1&b=two'],
    ['ws://h/feed', 'access_token=SECRET&apikey=KEY', 'ws://h/feed'],
    ['ws://h/feed', 'access_token=SECRET&a=1&apikey=KEY', 'ws://h/feed?a=1'],
    ['ws://h/rooms?room=r1', 'room=other&token=t', 'ws://h/rooms?room=r1&token=t'],
    ['ws://h/rooms?room=r1&', 'x=1', 'ws://h/rooms?room=r1&x=1'],
    ['ws://h/feed', 'q=a%20b&flag', 'ws://h/feed?q=a%20b&flag'],
    ['ws://h/feed', 'access%5Ftoken=SECRET', 'ws://h/feed'],
    ['ws://h/feed', 'Access_Token=kept', 'ws://h/feed?Access_Token=kept'],
    ['ws://h/feed#frag', 'a=1', 'ws://h/feed?a=1'],
    ['ws://h/feed', '?a=1&&b=2', 'ws://h/feed?a=1&b=2'],
  ];
  for (const [backend, query, url] of cases) {
    test(`${backend} + ?${query} -> ${url}`, () => {
      assert.equal(withClientQuery(backend, query), url);
    });
  }
});
