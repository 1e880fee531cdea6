import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer as createHttpsServer, request } from 'node:https';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';

import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { loadApiProjects } from '../../gateway/src/projectLoader';
import { loadTlsCredentials, TlsError, type TlsCredentials } from '../../gateway/src/tls';
import {
  nextMessage,
  openClient,
  startTestBackend,
  type TestBackend,
  withTimeout,
} from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode, type RunningProcess } from '../support/processes';

const SECURED = join(REPO_ROOT, 'test', 'fixtures', 'projects', 'secured');

async function stop(gateway: RunningProcess): Promise<void> {
  gateway.child.kill('SIGTERM');
  await gateway.exited();
}

suite('gateway: wss with a self-signed localhost certificate', () => {
  let folder: string;
  let backend: TestBackend;
  let tls: TlsCredentials;
  let gateway: Gateway;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'wsapi-gateway-tls-'));
    backend = await startTestBackend();
    tls = await loadTlsCredentials(undefined, join(folder, 'cache'));
    const apis = loadApiProjects([SECURED]).apis.map((served) => ({
      ...served,
      api: { ...served.api, endpoints: { production: backend.endpoint } },
    }));
    gateway = await startGateway({ host: '127.0.0.1', port: 0, tls: { port: 0, credentials: tls }, apis });
  });

  after(async () => {
    await gateway.close();
    await backend.close();
    rmSync(folder, { recursive: true, force: true });
  });

  test('the certificate is cached: made once, read back with the same fingerprint', async () => {
    assert.equal(tls.selfSigned, true);
    assert.equal(tls.certFile, join(folder, 'cache', 'localhost-cert.pem'));
    assert.equal(new X509Certificate(readFileSync(tls.certFile)).fingerprint256, tls.fingerprint);
    assert.match(tls.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const again = await loadTlsCredentials(undefined, join(folder, 'cache'));
    assert.equal(again.fingerprint, tls.fingerprint);
  });

  test('a cached certificate near its end is made again', async () => {
    const later = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
    const renewed = await loadTlsCredentials(undefined, join(folder, 'renewed'), new Date());
    const next = await loadTlsCredentials(undefined, join(folder, 'renewed'), later);
    assert.notEqual(next.fingerprint, renewed.fingerprint);
  });

  test('a client trusting the certificate relays over wss, both ways, on the same routes as ws', async () => {
    assert.match(gateway.tlsUrl ?? '', /^wss:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(gateway.tlsPort, gateway.port);
    const client = await openClient(`${gateway.tlsUrl ?? ''}/orders/1.0.0/open`, { ca: tls.cert });
    const seen = await backend.nextConnection();
    assert.equal(seen.url, '/open');
    client.send('over tls');
    seen.socket.send('back over tls');
    assert.equal((await nextMessage(client)).data, 'back over tls');
    client.close();
  });

  test('a client that does not trust it fails the TLS handshake', async () => {
    await assert.rejects(openClient(`${gateway.tlsUrl ?? ''}/orders/1.0.0/open`), /self-signed certificate/);
  });

  test('the certificate names localhost: a client on wss://localhost accepts it', async () => {
    const client = await openClient(`wss://localhost:${gateway.tlsPort ?? 0}/orders/1.0.0/open`, {
      ca: tls.cert,
    });
    await backend.nextConnection();
    client.close();
  });

  test('handshake errors are the same plain-text answers on wss', async () => {
    const socket = new WebSocket(`${gateway.tlsUrl ?? ''}/orders/1.0.0/anything`, { ca: tls.cert });
    const status = await withTimeout(
      new Promise<number>((resolve, reject) => {
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.once('open', () => reject(new Error('opened')));
      }),
      'the 401',
    );
    assert.equal(status, 401);
  });
});

suite('gateway: configured TLS certificate', () => {
  let folder: string;
  let made: TlsCredentials;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'wsapi-gateway-tls-config-'));
    made = await loadTlsCredentials(undefined, join(folder, 'made'));
    writeFileSync(join(folder, 'cert.pem'), made.cert);
    writeFileSync(join(folder, 'key.pem'), made.key);
    writeFileSync(join(folder, 'not-pem.pem'), 'hello');
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  test('tls.cert and tls.key are served as they are, not self-signed', async () => {
    const tls = await loadTlsCredentials(
      { cert: join(folder, 'cert.pem'), key: join(folder, 'key.pem') },
      folder,
    );
    assert.equal(tls.selfSigned, false);
    assert.equal(tls.fingerprint, made.fingerprint);
    const gateway = await startGateway({ host: '127.0.0.1', port: 0, tls: { port: 0, credentials: tls } });
    try {
      const health = await fetchOverTls(`https://127.0.0.1:${gateway.tlsPort ?? 0}/health`, made.cert);
      assert.equal(health, 'OK');
    } finally {
      await gateway.close();
    }
  });

  test('a missing or non-PEM file is a TlsError naming the key and the file', async () => {
    await assert.rejects(
      loadTlsCredentials({ cert: join(folder, 'nowhere.pem'), key: join(folder, 'key.pem') }, folder),
      (error: unknown) =>
        error instanceof TlsError && /tls\.cert: cannot read .*nowhere\.pem \(ENOENT\)/.test(error.message),
    );
    await assert.rejects(
      loadTlsCredentials({ cert: join(folder, 'cert.pem'), key: join(folder, 'not-pem.pem') }, folder),
      (error: unknown) =>
        error instanceof TlsError && /tls\.key: .*not-pem\.pem is not PEM/.test(error.message),
    );
  });

  test('the CLI serves the config tls: files and prints their fingerprint', async () => {
    const config = join(folder, 'gateway.yaml');
    writeFileSync(config, 'tls:\n  cert: cert.pem\n  key: key.pem\n');
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--mock',
      '--mock-interval',
      '3600000',
      '--config',
      config,
      SECURED,
    ]);
    try {
      const [, fingerprint] = await gateway.waitForLine(/SHA-256 fingerprint (\S+)$/);
      assert.equal(fingerprint, made.fingerprint);
      assert.match(gateway.stdout(), /^wss certificate .*cert\.pem, SHA-256/m);
      const [, url] = await gateway.waitForLine(/^listening (wss:\/\/127\.0\.0\.1:\d+)$/);
      const client = await openClient(`${url ?? ''}/orders/1.0.0/open`, { ca: made.cert });
      client.close();
    } finally {
      await stop(gateway);
    }
  });
});

suite('gateway CLI: wss listener', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'wsapi-gateway-tls-cli-'));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  test('--port 0 serves ws and wss on free ports, with the self-signed certificate cached under XDG_CACHE_HOME', async () => {
    const gateway = startNode(
      requireBuilt(GATEWAY_BUNDLE),
      ['--port', '0', '--mock', '--mock-interval', '3600000', SECURED],
      {
        XDG_CACHE_HOME: folder,
      },
    );
    try {
      const [, certFile, fingerprint] = await gateway.waitForLine(
        /^wss certificate (\S+) \(self-signed for localhost\), SHA-256 fingerprint (\S+)$/,
      );
      assert.equal(certFile, join(folder, 'wsapi', 'tls', 'localhost-cert.pem'));
      const cert = readFileSync(certFile ?? '', 'utf8');
      assert.equal(new X509Certificate(cert).fingerprint256, fingerprint);
      await gateway.waitForLine(/^listening ws:\/\/127\.0\.0\.1:\d+$/);
      const [, url] = await gateway.waitForLine(/^listening (wss:\/\/127\.0\.0\.1:\d+)$/);
      const client = await openClient(`${url ?? ''}/orders/1.0.0/open`, { ca: cert });
      client.send('echo me');
      assert.equal((await nextMessage(client)).data, 'echo me');
      client.close();
    } finally {
      await stop(gateway);
    }
  });

  test('--tls-port off: no wss listener and no certificate', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--port', '0', '--tls-port', 'off', SECURED], {
      XDG_CACHE_HOME: join(folder, 'off'),
    });
    try {
      await gateway.waitForLine(/^listening ws:\/\/127\.0\.0\.1:\d+$/);
      assert.doesNotMatch(gateway.stdout(), /wss|certificate/);
    } finally {
      await stop(gateway);
    }
  });

  test('a TLS port in use stops it naming --tls-port', async () => {
    const holder = await holdPort();
    try {
      const port = String((holder.address() as { port: number }).port);
      const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--port', '0', '--tls-port', port, SECURED], {
        XDG_CACHE_HOME: folder,
      });
      assert.equal(await gateway.exited(), 1);
      assert.match(
        gateway.stderr(),
        new RegExp(
          `Port ${port} on 127\\.0\\.0\\.1 is already in use\\. .*pass --tls-port with another port`,
        ),
      );
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});

function holdPort(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function fetchOverTls(url: string, ca: string): Promise<string> {
  return withTimeout(
    new Promise((resolve, reject) => {
      request(url, { ca }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve(body));
      })
        .on('error', reject)
        .end();
    }),
    url,
  );
}

suite('gateway: a wss backend', () => {
  test('is relayed raw over TLS, both ways, when the gateway trusts its certificate', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wsapi-gateway-wss-backend-'));
    const credentials = await loadTlsCredentials(undefined, join(folder, 'cache'));
    const secure = createHttpsServer({ cert: credentials.cert, key: credentials.key });
    const backend = new WebSocketServer({ server: secure });
    backend.on('connection', (socket) => {
      socket.send('welcome over wss');
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    });
    secure.listen(0, '127.0.0.1');
    await once(secure, 'listening');
    const file = join(folder, 'asyncapi.yaml');
    writeFileSync(
      file,
      [
        'asyncapi: 2.6.0',
        'info: {title: Secure echo, version: 1.0.0}',
        'x-wso2-basePath: /secure',
        'servers:',
        `  production: {url: 'wss://127.0.0.1:${(secure.address() as AddressInfo).port}', protocol: wss}`,
        'channels:',
        '  /echo:',
        '    publish: {}',
        '',
      ].join('\n'),
    );
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--port', '0', '--tls-port', 'off', file], {
      NODE_EXTRA_CA_CERTS: credentials.certFile,
    });
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\S+)$/);
      const client = new WebSocket(`${url}/secure/1.0.0/echo`);
      assert.equal((await nextMessage(client)).data, 'welcome over wss');
      const payload = Buffer.alloc(200_000, 7);
      client.send(payload);
      const echoed = await nextMessage(client);
      assert.equal(echoed.isBinary, true);
      assert.equal(echoed.data, payload.toString());
      client.close();
    } finally {
      await stop(gateway);
      backend.close();
      secure.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
