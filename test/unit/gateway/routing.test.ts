import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import {
  basePaths,
  buildRouteTable,
  matchRoute,
  routeConflicts,
  routeLines,
  type RouteMatch,
} from '../../../gateway/src/routing';
import { testApi } from '../../support/gatewayHarness';

const chats = testApi(
  'ws://localhost:8080',
  [
    { name: '/*' },
    { name: '/rooms/{roomID}', uriMapping: '/rooms?room={uri.var.roomID}' },
    { name: '/rooms/lobby' },
    { name: '/rooms/*' },
    { name: '/notifications', uriMapping: '/notifications' },
  ],
  { name: 'Chats', context: '/chats', isDefaultVersion: true },
);
const chatsV2 = testApi('ws://localhost:8081', [{ name: '/notifications' }], {
  name: 'ChatsV2',
  context: '/chats',
  version: '2.0.0',
});
const news = testApi('ws://localhost:9000', [{ name: '/headlines' }], {
  name: 'News',
  context: '/{version}/news',
  version: '1.0.0',
  isDefaultVersion: true,
});
const table = buildRouteTable([chats, chatsV2, news]);

function describe(match: RouteMatch): string {
  return match.kind === 'matched'
    ? `${match.route.served.api.name} ${match.route.basePath} ${match.route.topic.name} ${JSON.stringify(match.params)}`
    : match.kind;
}

suite('matchRoute', () => {
  const cases: ReadonlyArray<[path: string, expected: string]> = [
    ['/chats/1.0.0/notifications', 'Chats /chats/1.0.0 /notifications {}'],
    ['/chats/1.0.0/notifications/', 'Chats /chats/1.0.0 /notifications {}'],
    ['/chats/notifications', 'Chats /chats /notifications {}'],
    ['/chats/2.0.0/notifications', 'ChatsV2 /chats/2.0.0 /notifications {}'],
    ['/chats/2.0.0/other', 'no-resource'],
    ['/chats/1.0.0/rooms/lobby', 'Chats /chats/1.0.0 /rooms/lobby {}'],
    ['/chats/1.0.0/rooms/r1', 'Chats /chats/1.0.0 /rooms/{roomID} {"roomID":"r1"}'],
    ['/chats/1.0.0/rooms/r1/x', 'Chats /chats/1.0.0 /rooms/* {}'],
    ['/chats/1.0.0/rooms', 'Chats /chats/1.0.0 /rooms/* {}'],
    ['/chats/1.0.0/elsewhere', 'Chats /chats/1.0.0 /* {}'],
    ['/chats/1.0.0', 'Chats /chats/1.0.0 /* {}'],
    ['/chats', 'Chats /chats /* {}'],
    ['/chatsroom/1.0.0/notifications', 'no-api'],
    ['/1.0.0/news/headlines', 'News /1.0.0/news /headlines {}'],
    ['/news/headlines', 'News /news /headlines {}'],
    ['/news/1.0.0/headlines', 'no-resource'],
    ['/orders/1.0.0/x', 'no-api'],
    ['/', 'no-api'],
  ];
  for (const [path, expected] of cases) {
    test(`${path} -> ${expected}`, () => {
      assert.equal(describe(matchRoute(table, path)), expected);
    });
  }
});

suite('route table', () => {
  test('base paths: context/version, {version} in the context, default version', () => {
    assert.deepEqual(basePaths(chats.api), ['/chats/1.0.0', '/chats']);
    assert.deepEqual(basePaths(chatsV2.api), ['/chats/2.0.0']);
    assert.deepEqual(basePaths(news.api), ['/1.0.0/news', '/news']);
  });

  test('two APIs with the same context and version conflict, naming both sources', () => {
    const twin = testApi('ws://x', [{ name: '/*' }], { name: 'Twin', context: '/chats' });
    assert.deepEqual(routeConflicts([chats, twin]), [
      'Twin/api.yaml and Chats/api.yaml both serve /chats/1.0.0 (context /chats, version 1.0.0): ' +
        'change the context or version of one of them, or serve them from separate gateways.',
    ]);
    assert.deepEqual(routeConflicts([chats, chatsV2, news]), []);
  });

  test('two default versions of one context conflict', () => {
    const otherDefault = testApi('ws://x', [{ name: '/*' }], {
      name: 'Other',
      context: '/chats',
      version: '3.0.0',
      isDefaultVersion: true,
    });
    assert.equal(routeConflicts([chats, otherDefault]).length, 1);
    assert.match(routeConflicts([chats, otherDefault])[0] ?? '', /both serve \/chats \(/);
  });

  test('prints one line per route: client URL -> backend URL', () => {
    const lines = routeLines(
      buildRouteTable([chatsV2, news]),
      'ws://127.0.0.1:9099',
      (route) => `${route.served.api.endpoints.production ?? ''}${route.topic.uriMapping ?? ''}`,
    );
    assert.deepEqual(lines, [
      'ws://127.0.0.1:9099/1.0.0/news/headlines -> ws://localhost:9000',
      'ws://127.0.0.1:9099/chats/2.0.0/notifications -> ws://localhost:8081',
      'ws://127.0.0.1:9099/news/headlines -> ws://localhost:9000',
    ]);
  });
});
