import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import {
  authenticateHandshake,
  INVALID_CREDENTIALS,
  NO_CREDENTIALS_PRESENT,
  type AuthDecision,
  type HandshakeCredentials,
  type TopicSecurity,
} from '../../../gateway/src/authentication';
import { wso2Profile } from '../../../core/src/wso2/wso2Versions';
import { NO_CREDENTIALS, type GatewayCredentials } from '../../../gateway/src/gatewayConfig';

const CREDENTIALS: GatewayCredentials = {
  apiKeys: ['key-1', 'key 2'],
  oauth2Tokens: [
    { token: 'plain-token', scopes: [] },
    { token: 'creator-token', scopes: ['creator', 'reader'] },
  ],
};

const BOTH: TopicSecurity = { securityScheme: ['oauth2', 'api_key'], authType: 'Any' };
const OAUTH_ONLY: TopicSecurity = {
  securityScheme: ['oauth2', 'oauth_basic_auth_api_key_mandatory'],
  authType: 'Application & Application User',
};
const API_KEY_ONLY: TopicSecurity = { securityScheme: ['api_key'] };
const SCOPED: TopicSecurity = { ...BOTH, scopes: ['creator', 'admin'] };

const OK: AuthDecision = { ok: true };
const NONE_PRESENT: AuthDecision = { ok: false, status: 401, body: NO_CREDENTIALS_PRESENT };
const INVALID: AuthDecision = { ok: false, status: 401, body: INVALID_CREDENTIALS };

interface Case {
  readonly name: string;
  readonly request: Partial<HandshakeCredentials>;
  readonly topic: TopicSecurity;
  readonly credentials?: GatewayCredentials;
  readonly expected: AuthDecision;
}

const cases: readonly Case[] = [
  { name: 'no credentials', request: {}, topic: BOTH, expected: NONE_PRESENT },
  {
    name: 'other headers and query parameters are no credentials',
    request: { headers: { cookie: 'a=b', 'x-api-key': 'key-1' }, query: 'token=plain-token&api_key=key-1' },
    topic: BOTH,
    expected: NONE_PRESENT,
  },
  {
    name: 'open topic (None) needs nothing',
    request: {},
    topic: { ...BOTH, authType: 'None' },
    expected: OK,
  },
  {
    name: 'open topic in any case',
    request: {},
    topic: { securityScheme: [], authType: 'none' },
    expected: OK,
  },
  {
    name: 'open topic ignores wrong credentials',
    request: { headers: { authorization: 'Bearer wrong' } },
    topic: { ...API_KEY_ONLY, authType: 'None' },
    expected: OK,
  },
  {
    name: 'bearer header',
    request: { headers: { authorization: 'Bearer plain-token' } },
    topic: OAUTH_ONLY,
    expected: OK,
  },
  {
    name: 'Authorization header name in any case',
    request: { headers: { AuThOrIzAtIoN: 'Bearer plain-token' } },
    topic: BOTH,
    expected: OK,
  },
  {
    // WSO2's OAuthAuthenticator compares the first word with "Bearer" exactly (docs/wso2.md 8.1).
    name: 'the bearer scheme in lower case is refused, as WSO2 refuses it',
    request: { headers: { authorization: 'bearer plain-token' } },
    topic: BOTH,
    expected: INVALID,
  },
  {
    name: 'unknown bearer token',
    request: { headers: { authorization: 'Bearer nope' } },
    topic: BOTH,
    expected: INVALID,
  },
  {
    name: 'Authorization without Bearer',
    request: { headers: { authorization: 'plain-token' } },
    topic: BOTH,
    expected: INVALID,
  },
  {
    name: 'Basic authorization',
    request: { headers: { authorization: 'Basic cGxhaW4tdG9rZW4=' } },
    topic: BOTH,
    expected: INVALID,
  },
  {
    name: 'empty Authorization header still chooses OAuth2',
    request: { headers: { authorization: '' }, query: 'apikey=key-1' },
    topic: BOTH,
    expected: INVALID,
  },
  { name: 'access_token query', request: { query: 'access_token=plain-token' }, topic: BOTH, expected: OK },
  {
    name: 'access_token query, percent-encoded',
    request: { query: 'x=1&access_token=creator%2Dtoken' },
    topic: BOTH,
    expected: OK,
  },
  {
    name: 'unknown access_token',
    request: { query: 'access_token=nope' },
    topic: BOTH,
    expected: INVALID,
  },
  {
    name: 'the Authorization header wins over access_token',
    request: { headers: { authorization: 'Bearer nope' }, query: 'access_token=plain-token' },
    topic: BOTH,
    expected: INVALID,
  },
  {
    name: 'OAuth2 is checked before the API key',
    request: { headers: { authorization: 'Bearer nope', apikey: 'key-1' } },
    topic: BOTH,
    expected: INVALID,
  },
  {
    name: 'OAuth token on an api_key-only API',
    request: { headers: { authorization: 'Bearer plain-token' } },
    topic: API_KEY_ONLY,
    expected: INVALID,
  },
  { name: 'apikey header', request: { headers: { apikey: 'key-1' } }, topic: BOTH, expected: OK },
  {
    name: 'apikey header in mixed case',
    request: { headers: { ApiKey: 'key-1' } },
    topic: API_KEY_ONLY,
    expected: OK,
  },
  { name: 'apikey query', request: { query: 'apikey=key%202' }, topic: API_KEY_ONLY, expected: OK },
  {
    name: 'the apikey header wins over the query',
    request: { headers: { apikey: 'nope' }, query: 'apikey=key-1' },
    topic: BOTH,
    expected: INVALID,
  },
  { name: 'unknown API key', request: { query: 'apikey=nope' }, topic: BOTH, expected: INVALID },
  { name: 'empty API key', request: { query: 'apikey=' }, topic: BOTH, expected: INVALID },
  {
    name: 'API key on an OAuth2-only API',
    request: { headers: { apikey: 'key-1' } },
    topic: OAUTH_ONLY,
    expected: INVALID,
  },
  {
    name: 'an API without securityScheme is OAuth2-protected',
    request: { headers: { authorization: 'Bearer plain-token' } },
    topic: { securityScheme: [] },
    expected: OK,
  },
  {
    name: 'an API without securityScheme takes no API key',
    request: { headers: { apikey: 'key-1' } },
    topic: { securityScheme: [] },
    expected: INVALID,
  },
  {
    name: 'a token with one of the topic scopes',
    request: { headers: { authorization: 'Bearer creator-token' } },
    topic: SCOPED,
    expected: OK,
  },
  {
    name: 'a token without the topic scopes',
    request: { headers: { authorization: 'Bearer plain-token' } },
    topic: SCOPED,
    expected: INVALID,
  },
  {
    name: 'a token with other scopes',
    request: { query: 'access_token=creator-token' },
    topic: { ...BOTH, scopes: ['admin'] },
    expected: INVALID,
  },
  {
    name: 'a topic without scopes takes any valid token',
    request: { headers: { authorization: 'Bearer creator-token' } },
    topic: { ...BOTH, scopes: [] },
    expected: OK,
  },
  {
    name: 'no config: every credential is invalid',
    request: { headers: { authorization: 'Bearer plain-token' } },
    topic: BOTH,
    credentials: NO_CREDENTIALS,
    expected: INVALID,
  },
  {
    name: 'repeated apikey headers: the first counts',
    request: { headers: { apikey: ['key-1', 'nope'] } },
    topic: BOTH,
    expected: OK,
  },
];

suite('authenticateHandshake', () => {
  for (const { name, request, topic, credentials, expected } of cases) {
    test(name, () => {
      assert.deepEqual(
        authenticateHandshake(
          { headers: request.headers ?? {}, query: request.query ?? '' },
          topic,
          credentials ?? CREDENTIALS,
        ),
        expected,
      );
    });
  }

  test('the texts are WSO2’s', () => {
    assert.equal(
      NO_CREDENTIALS_PRESENT,
      'No Authorization header, access_token query parameter, apikey header or query parameter present',
    );
    assert.equal(INVALID_CREDENTIALS, 'Invalid Credentials');
  });
});

suite('authenticateHandshake: as the WSO2 version of the API', () => {
  const OLD_NONE_PRESENT: AuthDecision = {
    ok: false,
    status: 401,
    body: 'No Authorization Header or access_token query parameter present',
  };
  const cases: ReadonlyArray<[string, Partial<HandshakeCredentials>, TopicSecurity, AuthDecision]> = [
    [
      '4.6: an open topic asks for credentials',
      {},
      { ...BOTH, authType: 'None', wso2: wso2Profile('4.6') },
      NONE_PRESENT,
    ],
    [
      '4.6: an open topic with a valid token opens',
      { query: 'access_token=plain-token' },
      { ...BOTH, authType: 'None', wso2: wso2Profile('4.6') },
      OK,
    ],
    ['4.7: an open topic needs nothing', {}, { ...BOTH, authType: 'None', wso2: wso2Profile('4.7') }, OK],
    ['4.2: no credential, in 4.2 words', {}, { ...BOTH, wso2: wso2Profile('4.2') }, OLD_NONE_PRESENT],
    [
      '4.2: an API key is no credential',
      { headers: { apikey: 'key-1' } },
      { ...BOTH, wso2: wso2Profile('4.2') },
      OLD_NONE_PRESENT,
    ],
    ['4.3: an API key is taken', { query: 'apikey=key-1' }, { ...BOTH, wso2: wso2Profile('4.3') }, OK],
  ];
  for (const [name, request, topic, expected] of cases) {
    test(name, () => {
      assert.deepEqual(
        authenticateHandshake({ headers: {}, query: '', ...request }, topic, CREDENTIALS),
        expected,
      );
    });
  }
});
