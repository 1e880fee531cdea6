import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import {
  GatewayConfigError,
  loadGatewayConfig,
  NO_CREDENTIALS,
  readGatewayConfig,
  type GatewayConfig,
} from '../../../gateway/src/gatewayConfig';

const FILE = 'gw.yaml';

suite('readGatewayConfig', () => {
  const valid: ReadonlyArray<{ name: string; text: string; config: GatewayConfig }> = [
    {
      name: 'API keys and tokens with and without scopes',
      text: `auth:
  apiKeys: [k1, 'k 2']
  oauth2:
    tokens:
      - token: t1
      - token: t2
        scopes: [creator, reader]
`,
      config: {
        auth: {
          apiKeys: ['k1', 'k 2'],
          oauth2Tokens: [
            { token: 't1', scopes: [] },
            { token: 't2', scopes: ['creator', 'reader'] },
          ],
        },
      },
    },
    { name: 'an empty file', text: '', config: { auth: NO_CREDENTIALS } },
    { name: 'a comment only', text: '# nothing yet\n', config: { auth: NO_CREDENTIALS } },
    { name: 'auth without entries', text: 'auth:\n', config: { auth: NO_CREDENTIALS } },
    {
      name: 'API keys only',
      text: 'auth:\n  apiKeys:\n    - only\n',
      config: { auth: { apiKeys: ['only'], oauth2Tokens: [] } },
    },
    {
      name: 'tokens only',
      text: 'auth:\n  oauth2:\n    tokens: [{ token: abc }]\n',
      config: { auth: { apiKeys: [], oauth2Tokens: [{ token: 'abc', scopes: [] }] } },
    },
    {
      name: 'limits with a ping interval',
      text: 'limits:\n  idleTimeoutMs: 0\n  pingIntervalMs: 30000\n',
      config: { auth: NO_CREDENTIALS, limits: { idleTimeoutMs: 0, pingIntervalMs: 30000 } },
    },
    {
      name: 'a ping interval of 0 (no pings)',
      text: 'limits:\n  pingIntervalMs: 0\n',
      config: { auth: NO_CREDENTIALS, limits: { pingIntervalMs: 0 } },
    },
  ];
  for (const { name, text, config } of valid) {
    test(`reads ${name}`, () => {
      assert.deepEqual(readGatewayConfig(text, FILE), { kind: 'ok', config });
    });
  }

  const invalid: ReadonlyArray<{ name: string; text: string; message: RegExp }> = [
    {
      name: 'YAML syntax',
      text: 'auth:\n  apiKeys: [secret-one\n',
      message: /^gw\.yaml:\d+:\d+: not valid YAML: .*Fix the syntax/,
    },
    { name: 'a list at the top', text: '- a\n', message: /^gw\.yaml: \(top level\): must be a mapping/ },
    {
      name: 'an unknown top-level key',
      text: 'auths: {}\n',
      message: /^gw\.yaml: auths: unknown key: the keys here are auth(, \w+)*\.$/m,
    },
    {
      name: 'a key in the wrong case',
      text: 'auth:\n  apikeys: [secret-one]\n',
      message: /^gw\.yaml: auth\.apikeys: unknown key: did you mean auth\.apiKeys\?$/m,
    },
    { name: 'auth not a mapping', text: 'auth: [x]\n', message: /^gw\.yaml: auth: must be a mapping/ },
    {
      name: 'apiKeys not a list',
      text: 'auth:\n  apiKeys: secret-one\n',
      message: /^gw\.yaml: auth\.apiKeys: must be a list of API keys, e.g\. \[my-dev-key\]\.$/m,
    },
    {
      name: 'an API key that is a number',
      text: 'auth:\n  apiKeys: [ok, 123]\n',
      message: /^gw\.yaml: auth\.apiKeys\[1\]: must be a non-empty string.*quote values such as '123'/m,
    },
    {
      name: 'tokens not a list',
      text: 'auth:\n  oauth2:\n    tokens: secret-one\n',
      message: /^gw\.yaml: auth\.oauth2\.tokens: must be a list/m,
    },
    {
      name: 'a token entry that is a string',
      text: 'auth:\n  oauth2:\n    tokens: [secret-one]\n',
      message: /^gw\.yaml: auth\.oauth2\.tokens\[0\]: must be a mapping: - token: my-dev-token/m,
    },
    {
      name: 'a token entry without token',
      text: 'auth:\n  oauth2:\n    tokens:\n      - scopes: [a]\n',
      message: /^gw\.yaml: auth\.oauth2\.tokens\[0\]\.token: is missing.*add token:/m,
    },
    {
      name: 'a token with a space',
      text: 'auth:\n  oauth2:\n    tokens:\n      - token: secret one\n',
      message: /^gw\.yaml: auth\.oauth2\.tokens\[0\]\.token: must not contain spaces/m,
    },
    {
      name: 'scopes not a list',
      text: 'auth:\n  oauth2:\n    tokens:\n      - token: secret-one\n        scopes: creator\n',
      message: /^gw\.yaml: auth\.oauth2\.tokens\[0\]\.scopes: must be a list of scope names/m,
    },
    {
      name: 'a misspelt token key',
      text: 'auth:\n  oauth2:\n    tokens:\n      - token: secret-one\n        scope: [a]\n',
      message: /^gw\.yaml: auth\.oauth2\.tokens\[0\]\.scope: unknown key/m,
    },
    {
      name: 'a ping interval with a unit',
      text: 'limits:\n  pingIntervalMs: 30s\n',
      message:
        /^gw\.yaml: limits\.pingIntervalMs: must be a whole number: a number of milliseconds, e\.g\. 30000 \(0: no pings\)\.$/m,
    },
    {
      name: 'a negative ping interval',
      text: 'limits:\n  pingIntervalMs: -5\n',
      message: /^gw\.yaml: limits\.pingIntervalMs: must be a whole number: .*e\.g\. 30000/m,
    },
    {
      name: 'a misspelt ping interval',
      text: 'limits:\n  pingInterval: 30000\n',
      message:
        /^gw\.yaml: limits\.pingInterval: unknown key: the keys here are .*, limits\.pingIntervalMs\.$/m,
    },
  ];
  for (const { name, text, message } of invalid) {
    test(`refuses ${name}, naming the file and the key, never the secret`, () => {
      const reading = readGatewayConfig(text, FILE);
      assert.equal(reading.kind, 'error');
      const text_ = reading.kind === 'error' ? reading.message : '';
      assert.match(text_, message);
      assert.doesNotMatch(text_, /secret/);
      assert.match(text_, /A gateway config file looks like this:\nauth:\n {2}apiKeys:/);
    });
  }

  test('reports every problem at once', () => {
    const reading = readGatewayConfig('auth:\n  apiKeys: x\n  oauth2: y\n  extra: 1\n', FILE);
    const lines =
      reading.kind === 'error' ? reading.message.split('\n').filter((line) => line.startsWith(FILE)) : [];
    assert.equal(lines.length, 3);
  });
});

suite('loadGatewayConfig', () => {
  test('reads a file, and names a missing file or a folder', () => {
    const folder = mkdtempSync(join(tmpdir(), 'wsapi-config-'));
    try {
      const file = join(folder, 'gateway.yaml');
      writeFileSync(file, 'auth:\n  apiKeys: [k]\n');
      assert.deepEqual(loadGatewayConfig(file).auth.apiKeys, ['k']);
      assert.throws(
        () => loadGatewayConfig(join(folder, 'missing.yaml')),
        (error: unknown) =>
          error instanceof GatewayConfigError &&
          /missing\.yaml: no such file: check the --config path/.test(error.message),
      );
      assert.throws(
        () => loadGatewayConfig(folder),
        (error: unknown) => error instanceof GatewayConfigError && /is a folder/.test(error.message),
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
