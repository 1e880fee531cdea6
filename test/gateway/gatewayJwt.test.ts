import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';

import { loadGatewayConfig } from '../../gateway/src/gatewayConfig';
import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { loadApiProjects } from '../../gateway/src/projectLoader';
import type { ServedApi } from '../../gateway/src/routing';
import {
  nextMessage,
  openClient,
  rejectedHandshake,
  startTestBackend,
  type TestBackend,
} from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode } from '../support/processes';
import type * as JoseModule from 'jose' with { 'resolution-mode': 'import' };

type Jose = typeof JoseModule;
type Claims = Record<string, unknown>;
type KeyLike = Awaited<ReturnType<Jose['generateKeyPair']>>['privateKey'];

const SECURED = join(REPO_ROOT, 'test', 'fixtures', 'projects', 'secured');
const SECRET = 'a-test-secret-of-at-least-32-bytes!!';
const ISSUER = 'https://localhost:9443/oauth2/token';
const AUDIENCE = 'wsapi-tests';
const INVALID = { status: 401, contentType: 'text/plain; charset=UTF-8', body: 'Invalid Credentials' };

function servedFrom(endpoint: string): ServedApi[] {
  return loadApiProjects([SECURED]).apis.map((served) => ({
    ...served,
    api: { ...served.api, endpoints: { production: endpoint } },
  }));
}

suite('gateway: JWT access tokens (auth.oauth2.jwt)', () => {
  let jose: Jose;
  let folder: string;
  let backend: TestBackend;
  let hsGateway: Gateway;
  let jwksGateway: Gateway;
  let rsaKey: KeyLike;
  let otherRsaKey: KeyLike;

  /** A signed HS256 token: issuer and audience as configured, valid for an hour, unless `claims` say otherwise. */
  async function hsToken(claims: Claims = {}, secret = SECRET): Promise<string> {
    return new jose.SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
  }

  before(async () => {
    jose = await import('jose');
    folder = mkdtempSync(join(tmpdir(), 'wsapi-gateway-jwt-'));
    const pair = await jose.generateKeyPair('RS256');
    rsaKey = pair.privateKey;
    otherRsaKey = (await jose.generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await jose.exportJWK(pair.publicKey)), kid: 'test-key', alg: 'RS256' };
    writeFileSync(join(folder, 'keys.json'), JSON.stringify({ keys: [jwk] }));
    writeFileSync(
      join(folder, 'hs.yaml'),
      `auth:\n  oauth2:\n    tokens:\n      - token: opaque-token\n    jwt:\n      secret: ${SECRET}\n      issuer: ${ISSUER}\n      audience: ${AUDIENCE}\n`,
    );
    writeFileSync(join(folder, 'jwks.yaml'), 'auth:\n  oauth2:\n    jwt:\n      jwks: keys.json\n');
    backend = await startTestBackend();
    const apis = servedFrom(backend.endpoint);
    const base = { host: '127.0.0.1', port: 0, apis };
    hsGateway = await startGateway({ ...base, credentials: loadGatewayConfig(join(folder, 'hs.yaml')).auth });
    jwksGateway = await startGateway({
      ...base,
      credentials: loadGatewayConfig(join(folder, 'jwks.yaml')).auth,
    });
  });

  after(async () => {
    await hsGateway.close();
    await jwksGateway.close();
    await backend.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('a valid HS256 JWT in the Authorization header opens the topic; the token is not forwarded', async () => {
    const token = await hsToken();
    const client = await openClient(`${hsGateway.url}/orders/1.0.0/anything`, {
      headers: {
        Authorization: `Bearer ${token}`,
      },
    });
    const seen = await backend.nextConnection();
    assert.equal(seen.headers.authorization, undefined);
    assert.doesNotMatch(JSON.stringify(seen.headers) + seen.url, new RegExp(token.slice(-20)));
    seen.socket.send('from backend');
    assert.equal((await nextMessage(client)).data, 'from backend');
    client.close();
  });

  test('a valid JWT as ?access_token= is accepted and removed from the backend URL', async () => {
    const token = await hsToken({ scope: 'creator' });
    const client = await openClient(`${hsGateway.url}/orders/1.0.0/orders?access_token=${token}&page=2`, {
      headers: {},
    });
    assert.equal((await backend.nextConnection()).url, '/orders?page=2');
    client.close();
  });

  test('scopes come from the scope claim (space-separated) or scp', async () => {
    assert.deepEqual(
      await rejectedHandshake(`${hsGateway.url}/orders/1.0.0/orders`, {
        Authorization: `Bearer ${await hsToken({ scope: 'reader other' })}`,
      }),
      INVALID,
      '/orders needs creator',
    );
    const byScope = await openClient(`${hsGateway.url}/orders/1.0.0/orders`, {
      headers: {
        Authorization: `Bearer ${await hsToken({ scope: 'reader creator' })}`,
      },
    });
    await backend.nextConnection();
    byScope.close();
    const byScp = await openClient(`${hsGateway.url}/orders/1.0.0/popular`, {
      headers: {
        Authorization: `Bearer ${await hsToken({ scp: ['reader'] })}`,
      },
    });
    await backend.nextConnection();
    byScp.close();
  });

  test('expired, badly signed, wrong issuer or audience, or unsigned: 401 Invalid Credentials', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new jose.SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(new TextEncoder().encode(SECRET));
    const wrongIssuer = await new jose.SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://elsewhere')
      .setAudience(AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    const wrongAudience = await new jose.SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience('someone-else')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    const unsigned = new jose.UnsecuredJWT({}).setIssuer(ISSUER).setAudience(AUDIENCE).encode();
    const tokens = {
      expired,
      'bad signature': await hsToken({}, 'another-secret-of-at-least-32-bytes'),
      'wrong issuer': wrongIssuer,
      'wrong audience': wrongAudience,
      unsigned,
      'not base64': 'aaa.bbb.ccc',
    };
    for (const [name, token] of Object.entries(tokens)) {
      assert.deepEqual(
        await rejectedHandshake(`${hsGateway.url}/orders/1.0.0/anything`, {
          Authorization: `Bearer ${token}`,
        }),
        INVALID,
        name,
      );
    }
  });

  test('opaque tokens from the same config keep working next to JWTs', async () => {
    const client = await openClient(`${hsGateway.url}/orders/1.0.0/anything`, {
      headers: {
        Authorization: 'Bearer opaque-token',
      },
    });
    await backend.nextConnection();
    client.close();
  });

  test('a JWKS file verifies RS256 tokens signed with its key, and only those', async () => {
    const sign = (key: KeyLike): Promise<string> =>
      new jose.SignJWT({ scope: 'creator' })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setExpirationTime('1h')
        .sign(key);
    const client = await openClient(`${jwksGateway.url}/orders/1.0.0/orders`, {
      headers: {
        Authorization: `Bearer ${await sign(rsaKey)}`,
      },
    });
    await backend.nextConnection();
    client.close();
    assert.deepEqual(
      await rejectedHandshake(`${jwksGateway.url}/orders/1.0.0/orders`, {
        Authorization: `Bearer ${await sign(otherRsaKey)}`,
      }),
      INVALID,
    );
    assert.deepEqual(
      await rejectedHandshake(`${jwksGateway.url}/orders/1.0.0/orders`, {
        Authorization: `Bearer ${await hsToken({ scope: 'creator' })}`,
      }),
      INVALID,
      'an HS256 token is not accepted by a JWKS config',
    );
  });

  test('the CLI verifies JWTs from --config and says so without printing the secret', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--mock',
      '--mock-interval',
      '3600000',
      '--config',
      join(folder, 'hs.yaml'),
      SECURED,
    ]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\/\/127\.0\.0\.1:\d+)$/);
      const client = await openClient(`${url ?? ''}/orders/1.0.0/orders`, {
        headers: {
          Authorization: `Bearer ${await hsToken({ scope: 'creator' })}`,
        },
      });
      client.send('hello');
      assert.equal((await nextMessage(client)).data, 'hello');
      client.close();
      assert.match(
        gateway.stderr(),
        /hs\.yaml: 0 API keys, 1 OAuth2 token, JWTs verified with an HS256 secret\./,
      );
      assert.doesNotMatch(gateway.stdout() + gateway.stderr(), new RegExp(SECRET.slice(0, 12)));
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
  });
});
