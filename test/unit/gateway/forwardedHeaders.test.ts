import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { forwardedHeaders } from '../../../gateway/src/forwardedHeaders';

suite('forwardedHeaders', () => {
  const cases: ReadonlyArray<{
    name: string;
    headers: Record<string, string | string[]>;
    client: { address: string | undefined; secure: boolean };
    allow?: string[];
    expected: Record<string, string>;
  }> = [
    {
      name: 'the default allowlist, the client address and ws',
      headers: { host: 'gw:9099', origin: 'https://a', 'user-agent': 'ua', cookie: 'c=1', 'x-other': 'o' },
      client: { address: '127.0.0.1', secure: false },
      expected: {
        origin: 'https://a',
        'user-agent': 'ua',
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-proto': 'ws',
        'x-forwarded-host': 'gw:9099',
      },
    },
    {
      name: 'an existing X-Forwarded-For chain is extended; wss',
      headers: { 'x-forwarded-for': '10.0.0.1, 10.0.0.2' },
      client: { address: '::1', secure: true },
      expected: { 'x-forwarded-for': '10.0.0.1, 10.0.0.2, ::1', 'x-forwarded-proto': 'wss' },
    },
    {
      name: 'credentials and handshake headers are never forwarded, even when allowed',
      headers: {
        authorization: 'Bearer t',
        apikey: 'k',
        'sec-websocket-key': 'abc',
        connection: 'Upgrade',
        'x-id': 'i',
      },
      client: { address: undefined, secure: false },
      allow: ['Authorization', 'apikey', 'sec-websocket-key', 'connection', 'X-Id'],
      expected: { 'x-id': 'i', 'x-forwarded-proto': 'ws' },
    },
    {
      name: 'repeated headers are joined',
      headers: { 'x-tag': ['a', 'b'] },
      client: { address: undefined, secure: false },
      allow: ['x-tag'],
      expected: { 'x-tag': 'a, b', 'x-forwarded-proto': 'ws' },
    },
  ];
  for (const { name, headers, client, allow, expected } of cases) {
    test(name, () => assert.deepEqual(forwardedHeaders(headers, client, allow), expected));
  }
});
