import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { suite, test } from 'node:test';

import { rejectedHandshake } from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, requireBuilt } from '../support/paths';
import { startNode } from '../support/processes';

suite('gateway CLI: node dist/gateway.js', () => {
  test('prints the port it picked, answers /health and stops cleanly on SIGTERM', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--port', '0']);
    const [, url] = await gateway.waitForLine(/^listening (ws:\/\/127\.0\.0\.1:\d+)$/);
    const health = await fetch(`${url?.replace('ws:', 'http:')}/health`);
    assert.equal(health.status, 200);
    gateway.child.kill('SIGTERM');
    assert.equal(await gateway.exited(), 0);
    await assert.rejects(
      fetch(`${url?.replace('ws:', 'http:')}/health`),
      'the port is closed after the stop',
    );
  });

  test('stops on SIGINT (Ctrl+C) too', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--port', '0']);
    await gateway.waitForLine(/^listening /);
    gateway.child.kill('SIGINT');
    assert.equal(await gateway.exited(), 0);
  });

  test('a WebSocket handshake to an unknown API gets the WSO2 404 text, not an upgrade', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--port', '0']);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\S+)$/);
      const answer = await rejectedHandshake(`${url}/chats/1.0.0/rooms?access_token=secret`);
      assert.deepEqual(answer, {
        status: 404,
        contentType: 'text/plain; charset=UTF-8',
        body: 'No matching API was found to dispatch the request for path : /chats/1.0.0/rooms',
      });
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
  });

  test('a port in use stops it with a message naming the fix', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--port', String(port)]);
      assert.equal(await gateway.exited(), 1);
      assert.match(
        gateway.stderr(),
        new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use.*--port 0`),
      );
    } finally {
      blocker.close();
    }
  });

  test('a bad option exits 2 and prints the usage', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), ['--prot', '9099']);
    assert.equal(await gateway.exited(), 2);
    assert.match(gateway.stderr(), /Unknown option '--prot'[\s\S]*Usage: wsapi-gateway/);
  });
});
