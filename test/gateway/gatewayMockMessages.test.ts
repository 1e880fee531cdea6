import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import type { WsApi } from '../../core/src';
import { startGateway, type Gateway } from '../../gateway/src/gatewayServer';
import { loadApiProjects } from '../../gateway/src/projectLoader';
import { closeOf, nextMessage, openClient } from '../support/gatewayHarness';
import { GATEWAY_BUNDLE, REPO_ROOT, requireBuilt } from '../support/paths';
import { startNode } from '../support/processes';
import { apiYamlText } from '../support/apiYamlFixture';

const PROJECTS = join(REPO_ROOT, 'test', 'fixtures', 'projects');

/** The gateway with --mock over one fixture project; the mock sends at once, then every `intervalMs`. */
async function mockGateway(folder: string, intervalMs: number): Promise<{ gateway: Gateway; api: WsApi }> {
  const { apis } = loadApiProjects([join(PROJECTS, folder)]);
  const [served] = apis;
  assert.ok(served, `${folder} loads`);
  const gateway = await startGateway({ host: '127.0.0.1', port: 0, apis, mock: { intervalMs } });
  return { gateway, api: served.api };
}

/** Checks a frame against the schema at a pointer of the API's AsyncAPI document. */
function schemaErrors(api: WsApi, pointer: string, text: string): unknown {
  const ajv = new Ajv({ strict: false, logger: false });
  addFormats(ajv);
  ajv.addSchema(api.definitionRoot ?? {}, 'urn:wsapi:test');
  const validate = ajv.compile({ $ref: `urn:wsapi:test${pointer}` });
  return validate(JSON.parse(text)) ? [] : validate.errors;
}

suite('gateway --mock: messages from payload schemas', () => {
  test('a payload schema no sample can be made from is named in the notes the CLI prints', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wsapi-mock-note-'));
    mkdirSync(join(folder, 'Definitions'));
    writeFileSync(
      join(folder, 'api.yaml'),
      apiYamlText({ name: 'Broken', context: '/broken', operations: [] }),
    );
    writeFileSync(
      join(folder, 'Definitions', 'asyncapi.yaml'),
      'asyncapi: 2.6.0\ninfo:\n  title: Broken\n  version: 1.0.0\nchannels:\n  /feed:\n    subscribe:\n' +
        '      message:\n        payload:\n          type: object\n          properties:\n            reading:\n' +
        "              $ref: '#/components/schemas/Missing'\n",
    );
    const { apis } = loadApiProjects([folder]);
    const gateway = await startGateway({ host: '127.0.0.1', port: 0, apis, mock: { intervalMs: 3_600_000 } });
    try {
      // The message validation cannot use that schema either, and says so in a note of its own.
      const notes = gateway.notes.filter((note) => note.includes('no sample can be made'));
      assert.equal(notes.length, 1, gateway.notes.join('\n'));
      assert.match(
        notes[0] ?? '',
        /^Broken 1\.0\.0: no sample .* payload schema at #\/channels\/~1feed\/subscribe/,
      );
    } finally {
      await gateway.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a SUBSCRIBE topic without examples sends JSON generated from its payload schema, valid against it', async () => {
    const { gateway, api } = await mockGateway('mock-generated', 3_600_000);
    try {
      const client = await openClient(`${gateway.url}/readings/1.0.0/readings`);
      const first = await nextMessage(client);
      assert.equal(first.isBinary, false);
      assert.deepEqual(schemaErrors(api, '#/components/schemas/Reading', first.data), []);
      assert.deepEqual(Object.keys(JSON.parse(first.data) as object).sort(), [
        'at',
        'level',
        'sensor',
        'unit',
        'values',
      ]);
      const closed = closeOf(client);
      client.close(1000);
      assert.equal((await closed).code, 1000);
    } finally {
      await gateway.close();
    }
  });

  test('a oneOf message alternates its example and a generated sample; publishes are echoed', async () => {
    const { gateway, api } = await mockGateway('mock-generated', 5);
    try {
      const client = await openClient(`${gateway.url}/readings/1.0.0/alerts`);
      const [alert, reading] = [await nextMessage(client), await nextMessage(client)];
      assert.deepEqual(JSON.parse(alert.data), { level: 'warn' });
      assert.deepEqual(schemaErrors(api, '#/components/schemas/Reading', reading.data), []);
      client.send('from the client');
      let echoed = false;
      while (!echoed) {
        echoed = (await nextMessage(client)).data === 'from the client';
      }
      client.close(1000);
    } finally {
      await gateway.close();
    }
  });

  test('an Avro payload without examples gets no generated frame: the topic only echoes', async () => {
    const { gateway } = await mockGateway('mock-generated', 5);
    try {
      const client = await openClient(`${gateway.url}/readings/1.0.0/ticks`);
      client.send('tick?');
      assert.deepEqual(await nextMessage(client), { data: 'tick?', isBinary: false });
      client.close(1000);
    } finally {
      await gateway.close();
    }
  });
});

suite('gateway --mock: AsyncAPI 3 request/reply', () => {
  test('a published request is answered with the reply message, its correlation id copied; other frames are echoed', async () => {
    const { gateway, api } = await mockGateway('mock-reply', 3_600_000);
    try {
      const client = await openClient(`${gateway.url}/prices/3.0.0/prices`);
      // The receive operation's message, sent on connection.
      assert.deepEqual(JSON.parse((await nextMessage(client)).data), { symbol: 'ACME', price: 12.5 });
      client.send(JSON.stringify({ quote: 'ACME', reqid: 31 }));
      const reply = await nextMessage(client);
      assert.deepEqual(schemaErrors(api, '#/components/messages/QuoteReply/payload', reply.data), []);
      assert.equal((JSON.parse(reply.data) as { reqid?: unknown }).reqid, 31);
      client.send('{"event":"unsubscribe"}');
      assert.deepEqual(JSON.parse((await nextMessage(client)).data), { status: 'unsubscribed' });
      client.send('{"watch":"ACME"}');
      assert.deepEqual(await nextMessage(client), { data: '{"watch":"ACME"}', isBinary: false });
      client.close(1000);
    } finally {
      await gateway.close();
    }
  });

  test('node dist/gateway.js --mock answers requests of the project it serves', async () => {
    const gateway = startNode(requireBuilt(GATEWAY_BUNDLE), [
      '--port',
      '0',
      '--tls-port',
      'off',
      '--mock',
      '--mock-interval',
      '3600000',
      join(PROJECTS, 'mock-reply'),
    ]);
    try {
      const [, url] = await gateway.waitForLine(/^listening (ws:\/\/127\.0\.0\.1:\d+)$/);
      const client = await openClient(`${url ?? ''}/prices/3.0.0/prices`);
      await nextMessage(client);
      client.send('{"event":"subscribe"}');
      assert.deepEqual(JSON.parse((await nextMessage(client)).data), { status: 'subscribed' });
      client.close(1000);
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exited();
    }
  });
});
