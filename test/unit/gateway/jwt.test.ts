import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, suite, test } from 'node:test';

import { readGatewayConfig } from '../../../gateway/src/gatewayConfig';
import { isJwtShaped, scopesOf } from '../../../gateway/src/jwt';

suite('auth.oauth2.jwt in the config', () => {
  const folder = mkdtempSync(join(tmpdir(), 'wsapi-jwt-config-'));
  const file = join(folder, 'gw.yaml');
  writeFileSync(join(folder, 'keys.json'), JSON.stringify({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }));
  writeFileSync(join(folder, 'empty.json'), '{"keys": []}');
  writeFileSync(join(folder, 'broken.json'), '{"keys": [');

  const jwtConfig = (body: string): string => `auth:\n  oauth2:\n    jwt:\n${body}`;

  test('a secret, issuer and audience are read as they are', () => {
    const reading = readGatewayConfig(
      jwtConfig('      secret: s3cret\n      issuer: https://idp\n      audience: app\n'),
      file,
    );
    assert.deepEqual(reading, {
      kind: 'ok',
      config: {
        auth: {
          apiKeys: [],
          oauth2Tokens: [],
          jwt: { secret: 's3cret', issuer: 'https://idp', audience: 'app' },
        },
      },
    });
  });

  test('a JWKS file is read relative to the config file', () => {
    const reading = readGatewayConfig(jwtConfig('      jwks: keys.json\n'), file);
    assert.equal(reading.kind, 'ok');
    assert.deepEqual(reading.kind === 'ok' && reading.config.auth.jwt, {
      jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] },
    });
  });

  const problems: ReadonlyArray<{ name: string; body: string; message: RegExp }> = [
    {
      name: 'neither secret nor jwks',
      body: '      issuer: https://idp\n',
      message: /auth\.oauth2\.jwt: needs exactly one of secret: \(an HS256 shared secret\) or jwks:/,
    },
    {
      name: 'both secret and jwks',
      body: '      secret: top-secret-value\n      jwks: keys.json\n',
      message: /auth\.oauth2\.jwt: needs exactly one of secret:/,
    },
    {
      name: 'an unknown key',
      body: '      secret: top-secret-value\n      issuers: x\n',
      message: /auth\.oauth2\.jwt\.issuers: unknown key: the keys here are auth\.oauth2\.jwt\.secret, /,
    },
    {
      name: 'a wrong type',
      body: '      secret: top-secret-value\n      audience: [a, b]\n',
      message: /auth\.oauth2\.jwt\.audience: must be a non-empty string\./,
    },
    {
      name: 'a missing JWKS file',
      body: '      jwks: nowhere.json\n',
      message: /auth\.oauth2\.jwt\.jwks: .*nowhere\.json does not exist: give the path of a JWKS file/,
    },
    {
      name: 'a JWKS file that is not JSON',
      body: '      jwks: broken.json\n',
      message: /broken\.json is not a JSON file: a JWKS file is \{"keys": \[\.\.\.\]\}\./,
    },
    {
      name: 'a JWKS file without keys',
      body: '      jwks: empty.json\n',
      message: /empty\.json has no keys/,
    },
  ];
  for (const { name, body, message } of problems) {
    test(`${name}: an error naming the key and the fix, never the secret`, () => {
      const reading = readGatewayConfig(jwtConfig(body), file);
      assert.equal(reading.kind, 'error');
      const text = reading.kind === 'error' ? reading.message : '';
      assert.match(text, message);
      assert.doesNotMatch(text, /top-secret-value/);
    });
  }

  test('jwt that is not a mapping', () => {
    const reading = readGatewayConfig('auth:\n  oauth2:\n    jwt: s3cret\n', file);
    assert.match(
      reading.kind === 'error' ? reading.message : '',
      /auth\.oauth2\.jwt: must be a mapping with secret:/,
    );
  });

  after(() => rmSync(folder, { recursive: true, force: true }));
});

suite('JWT claims', () => {
  const cases: ReadonlyArray<{ name: string; payload: Record<string, unknown>; scopes: string[] }> = [
    { name: 'scope, space-separated', payload: { scope: 'a b  c' }, scopes: ['a', 'b', 'c'] },
    { name: 'scp as a list', payload: { scp: ['a', 'b', 3] }, scopes: ['a', 'b'] },
    { name: 'scp as a string', payload: { scp: 'a b' }, scopes: ['a', 'b'] },
    { name: 'scope wins over scp', payload: { scope: 'a', scp: ['b'] }, scopes: ['a'] },
    { name: 'no scopes', payload: { sub: 'x' }, scopes: [] },
  ];
  for (const { name, payload, scopes } of cases) {
    test(name, () => assert.deepEqual(scopesOf(payload), scopes));
  }

  test('a token with two dots is JWT-shaped; others are opaque', () => {
    assert.deepEqual(['a.b.c', 'abc', 'a.b', 'a.b.c.d', 'eyJ.eyJ.sig'].map(isJwtShaped), [
      true,
      false,
      false,
      false,
      true,
    ]);
  });
});

suite('cors: in the config', () => {
  test('allowOrigins is read, without trailing slashes and in lower case', () => {
    const reading = readGatewayConfig('cors:\n  allowOrigins: [https://App.example.com/, "*"]\n', 'gw.yaml');
    assert.deepEqual(reading.kind === 'ok' && reading.config.cors, {
      allowOrigins: ['https://app.example.com', '*'],
    });
  });

  for (const [text, message] of [
    ['cors: yes\n', /gw\.yaml: cors: must be a mapping with allowOrigins:/],
    ['cors:\n  allowOrigins: https://a\n', /gw\.yaml: cors\.allowOrigins: must be a list of origins/],
    [
      'cors:\n  origins: [a]\n',
      /gw\.yaml: cors\.origins: unknown key: the keys here are cors\.allowOrigins\./,
    ],
  ] as const) {
    test(`refuses ${JSON.stringify(text)}`, () => {
      const reading = readGatewayConfig(text, 'gw.yaml');
      assert.match(reading.kind === 'error' ? reading.message : '', message);
    });
  }
});

suite('headers: in the config', () => {
  test('allow is read as written', () => {
    const reading = readGatewayConfig('headers:\n  allow: [Origin, x-request-id]\n', 'gw.yaml');
    assert.deepEqual(reading.kind === 'ok' && reading.config.headersAllow, ['Origin', 'x-request-id']);
  });

  for (const [text, message] of [
    ['headers: [a]\n', /gw\.yaml: headers: must be a mapping with allow:/],
    ['headers:\n  allow: [bad header]\n', /headers\.allow: must be a list of header names/],
    [
      'headers:\n  allow: [Authorization, apikey]\n',
      /headers\.allow: Authorization, apikey is never forwarded/,
    ],
  ] as const) {
    test(`refuses ${JSON.stringify(text)}`, () => {
      const reading = readGatewayConfig(text, 'gw.yaml');
      assert.match(reading.kind === 'error' ? reading.message : '', message);
    });
  }
});

suite('token type in the config', () => {
  test('type: sandbox is kept; production is the default', () => {
    const reading = readGatewayConfig(
      'auth:\n  oauth2:\n    tokens:\n      - token: a\n        type: sandbox\n      - token: b\n        type: production\n',
      'gw.yaml',
    );
    assert.deepEqual(reading.kind === 'ok' && reading.config.auth.oauth2Tokens, [
      { token: 'a', scopes: [], type: 'sandbox' },
      { token: 'b', scopes: [] },
    ]);
  });

  test('another type is refused', () => {
    const reading = readGatewayConfig(
      'auth:\n  oauth2:\n    tokens:\n      - token: a\n        type: test\n',
      'gw.yaml',
    );
    assert.match(
      reading.kind === 'error' ? reading.message : '',
      /auth\.oauth2\.tokens\[0\]\.type: must be production or sandbox/,
    );
  });
});
