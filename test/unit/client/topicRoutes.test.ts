import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import {
  gatewayArguments,
  gatewayConfigText,
  portInUse,
  startFailure,
  readGatewayLine,
  readSkippedLine,
  type GatewayRoute,
} from '../../../client/src/gateway/gatewayProcess';
import {
  credentialFor,
  credentialHeaders,
  fillRoute,
  projectScopes,
  routeBlanks,
  routesOfTopic,
} from '../../../client/src/gateway/topicRoutes';
import type { ApiProjectSummary } from '../../../core/src/protocol';
import { readGatewayConfig } from '../../../gateway/src/gatewayConfig';
import { buildRouteTable, routeLines } from '../../../gateway/src/routing';
import { testApi } from '../../support/gatewayHarness';

// The route table exactly as the gateway prints it, for APIs with every context placement.
const SERVED = [
  testApi('ws://b:1', [{ name: '/rooms/{roomID}' }, { name: '/*' }], { name: 'Chats', context: '/chats' }),
  testApi('ws://b:2', [{ name: '/rooms/{roomID}' }], {
    name: 'ChatsV2',
    context: '/chats',
    version: '2.0.0',
  }),
  testApi('ws://b:3', [{ name: '/headlines' }], { name: 'News', context: '/{version}/news', version: 'v1' }),
  testApi('ws://b:4', [{ name: '/ticks' }], {
    name: 'Stocks',
    context: '/market/stocks',
    version: '3.1',
    isDefaultVersion: true,
  }),
];
const LINES = routeLines(buildRouteTable(SERVED), 'ws://127.0.0.1:9099', () => '(mock)');
const ROUTES: GatewayRoute[] = LINES.map(readGatewayLine).flatMap((line) =>
  line.kind === 'route' ? [line.route] : [],
);

const paths = (routes: readonly GatewayRoute[]): string[] =>
  routes.map((route) => route.url.replace('ws://127.0.0.1:9099', ''));

void suite('editor gateway: reading the gateway and finding a topic among its routes', () => {
  void test("the gateway's output lines: routes and the listening address; other lines are not", () => {
    assert.equal(ROUTES.length, LINES.length);
    assert.deepEqual(readGatewayLine('ws://127.0.0.1:9099/chats/1.0.0/rooms/{roomID} -> ws://b:1/rooms'), {
      kind: 'route',
      route: { url: 'ws://127.0.0.1:9099/chats/1.0.0/rooms/{roomID}', backend: 'ws://b:1/rooms' },
    });
    assert.deepEqual(readGatewayLine('listening ws://127.0.0.1:41234'), {
      kind: 'listening',
      url: 'ws://127.0.0.1:41234',
      port: 41234,
    });
    assert.deepEqual(readGatewayLine('wsapi-gateway: SIGTERM: stopping'), { kind: 'other' });
  });

  const cases: { project: { context: string; version: string }; topic: string; expected: string[] }[] = [
    {
      project: { context: '/chats', version: '1.0.0' },
      topic: '/rooms/{roomID}',
      expected: ['/chats/1.0.0/rooms/{roomID}'],
    },
    {
      project: { context: '/chats', version: '2.0.0' },
      topic: '/rooms/{roomID}',
      expected: ['/chats/2.0.0/rooms/{roomID}'],
    },
    { project: { context: '/chats', version: '1.0.0' }, topic: '/*', expected: ['/chats/1.0.0/*'] },
    {
      project: { context: '/{version}/news', version: 'v1' },
      topic: '/headlines',
      expected: ['/v1/news/headlines'],
    },
    {
      project: { context: '/market/stocks', version: '3.1' },
      topic: '/ticks',
      expected: ['/market/stocks/3.1/ticks', '/market/stocks/ticks'],
    },
    { project: { context: '/chats', version: '3.0.0' }, topic: '/rooms/{roomID}', expected: [] },
    { project: { context: '/news', version: 'v1' }, topic: '/headlines', expected: [] },
  ];
  for (const { project, topic, expected } of cases) {
    void test(`${project.context} ${project.version} ${topic} → ${expected.join(', ') || 'no route'}`, () => {
      assert.deepEqual(paths(routesOfTopic(ROUTES, project, topic)), expected);
    });
  }

  void test('a route URL filled in: parameters percent-encoded, a trailing /* by the sub-path or nothing', () => {
    const rooms = { url: 'ws://127.0.0.1:9099/chats/1.0.0/rooms/{roomID}', backend: '(mock)' };
    assert.deepEqual(routeBlanks(rooms), { parameters: ['roomID'], wildcard: false });
    assert.equal(fillRoute(rooms, { roomID: 'a b/c' }), 'ws://127.0.0.1:9099/chats/1.0.0/rooms/a%20b%2Fc');
    const all = { url: 'ws://127.0.0.1:9099/chats/1.0.0/*', backend: '(mock)' };
    assert.deepEqual(routeBlanks(all), { parameters: [], wildcard: true });
    assert.equal(fillRoute(all, {}, '/news/today'), 'ws://127.0.0.1:9099/chats/1.0.0/news/today');
    assert.equal(fillRoute(all, {}), 'ws://127.0.0.1:9099/chats/1.0.0');
  });
});

const project = (securityScheme: string[]): Pick<ApiProjectSummary, 'securityScheme'> => ({ securityScheme });

void suite('editor gateway: credentials', () => {
  const both = { apiKey: 'k', oauth2Token: 't' };
  const cases = [
    { why: 'an open topic needs nothing', scheme: ['api_key'], authType: 'None', stored: both, kind: 'none' },
    { why: 'OAuth2 is the default scheme', scheme: [], authType: 'Any', stored: both, kind: 'oauth2' },
    {
      why: 'OAuth2 before the API key',
      scheme: ['oauth2', 'api_key'],
      authType: undefined,
      stored: both,
      kind: 'oauth2',
    },
    {
      why: 'an API key when only keys are taken',
      scheme: ['api_key'],
      authType: 'Any',
      stored: both,
      kind: 'apiKey',
    },
    {
      why: 'the key when no token is stored',
      scheme: ['oauth2', 'api_key'],
      authType: 'Any',
      stored: { apiKey: 'k' },
      kind: 'apiKey',
    },
    {
      why: 'missing: a token is stored, keys taken',
      scheme: ['api_key'],
      authType: 'Any',
      stored: { oauth2Token: 't' },
      kind: 'missing',
    },
  ];
  for (const { why, scheme, authType, stored, kind } of cases) {
    void test(why, () => {
      const credential = credentialFor(project(scheme), authType === undefined ? {} : { authType }, stored);
      assert.equal(credential.kind, kind);
    });
  }

  void test('missing credentials say which kinds the API takes; headers carry one kind', () => {
    assert.deepEqual(credentialFor(project(['oauth2', 'api_key']), { authType: 'Any' }, {}), {
      kind: 'missing',
      accepted: ['oauth2', 'apiKey'],
    });
    assert.deepEqual(credentialHeaders({ kind: 'oauth2', value: 't' }), { Authorization: 'Bearer t' });
    assert.deepEqual(credentialHeaders({ kind: 'apiKey', value: 'k' }), { apikey: 'k' });
    assert.deepEqual(credentialHeaders({ kind: 'none' }), {});
  });

  void test("the gateway's config file: the gateway reads it back as the user's key and token with every scope", () => {
    const scopes = projectScopes([
      {
        folder: 'f',
        apiFile: 'f/api.yaml',
        name: 'A',
        securityScheme: [],
        topics: [
          { name: '/a', verbs: ['PUBLISH'], scopes: ['reader', 'creator'] },
          { name: '/b', verbs: ['SUBSCRIBE'], scopes: ['reader'] },
        ],
      },
    ]);
    const text = gatewayConfigText({ apiKey: 'my "key": #1', oauth2Token: 'tok' }, scopes);
    const reading = readGatewayConfig(text, 'gateway-credentials.yaml');
    assert.equal(reading.kind, 'ok', reading.kind === 'error' ? reading.message : '');
    assert.deepEqual(reading.kind === 'ok' && reading.config.auth, {
      apiKeys: ['my "key": #1'],
      oauth2Tokens: [{ token: 'tok', scopes: ['creator', 'reader'] }],
    });
    const none = readGatewayConfig(gatewayConfigText({}, scopes), '--config-ipc');
    assert.deepEqual(
      none.kind === 'ok' && none.config.auth,
      { apiKeys: [], oauth2Tokens: [] },
      'none stored',
    );
  });

  void test('the command line binds the loopback address only, without wss', () => {
    assert.deepEqual(gatewayArguments({ port: 0, mock: true, paths: ['/w/a'], config: 'auth: {}' }), [
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--tls-port',
      'off',
      '--mock',
      '--config-ipc',
      '/w/a',
    ]);
    assert.deepEqual(gatewayArguments({ port: 9099, mock: false, paths: [] }), [
      '--host',
      '127.0.0.1',
      '--port',
      '9099',
      '--tls-port',
      'off',
      '--config-ipc',
    ]);
  });

  void test("a start failure is what follows 'cannot start:'; a port in use is recognised", () => {
    const lines = [
      '--config-ipc: 0 API keys, 0 OAuth2 tokens.',
      'cannot start:',
      'Port 9099 on 127.0.0.1 is already in use. Stop the process that holds it, or pass --port with another port.',
    ];
    assert.equal(startFailure(lines), lines[2]);
    assert.equal(startFailure(['no API project given']), 'no API project given');
    assert.equal(portInUse(startFailure(lines)), 9099);
    assert.equal(portInUse('Not allowed to listen on 127.0.0.1:80.'), undefined);
  });

  void test('the setting wsapi.gateway.wso2Version becomes --wso2-version', () => {
    assert.deepEqual(gatewayArguments({ port: 0, mock: true, paths: ['/w/a'], wso2Version: '4.2' }), [
      ...['--host', '127.0.0.1', '--port', '0', '--tls-port', 'off', '--mock'],
      ...['--wso2-version', '4.2', '--config-ipc', '/w/a'],
    ]);
  });

  void test('a project the gateway skipped is read from its stderr with the reason; a version line is no route', () => {
    assert.deepEqual(
      readSkippedLine(
        'wsapi-gateway: skipped old/api.yaml (the others are served): old/api.yaml:3:1: error: data.context is missing.',
      ),
      { source: 'old/api.yaml', reason: 'old/api.yaml:3:1: error: data.context is missing.' },
    );
    assert.equal(readSkippedLine('wsapi-gateway: no --config: ...'), undefined);
    assert.deepEqual(readGatewayLine('Chats 1.0.0 answers as WSO2 4.2 (--wso2-version)'), { kind: 'other' });
    assert.deepEqual(readGatewayLine('  /open: x-auth-type None, but WSO2 4.2 asks for credentials'), {
      kind: 'other',
    });
  });
});
