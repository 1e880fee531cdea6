import assert from 'node:assert/strict';
import { after, before, suite, test } from 'node:test';
import { DiagnosticSeverity, TextDocumentSyncKind } from 'vscode-languageserver-protocol';

import { LspTestClient } from '../support/lspClient';
import { requireBuilt, SERVER_BUNDLE } from '../support/paths';
import { testRuntime } from '../support/serverRuntime';

const BROKEN = 'asyncapi: 2.6.0\ninfo:\n  title: Chat\n version: 1.0.0\nchannels: {}\n';
const FIXED = 'asyncapi: 2.6.0\ninfo:\n  title: Chat\n  version: 1.0.0\nchannels: {}\n';

suite('LSP: diagnostics over a stream pair', () => {
  let client: LspTestClient;
  before(async () => {
    client = LspTestClient.inProcess(testRuntime({ officialParser: false }));
    const result = await client.initialize();
    assert.equal(result.capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);
  });
  after(() => client.dispose());

  test('opening an AsyncAPI document with a YAML error publishes the error at its line', async () => {
    const uri = 'file:///work/chat/asyncapi.yaml';
    await client.open(uri, 'yaml', BROKEN);
    const { diagnostics, version } = await client.diagnostics(uri);
    assert.equal(version, 1);
    assert.ok(diagnostics.length >= 1);
    const [first] = diagnostics;
    assert.equal(first?.severity, DiagnosticSeverity.Error);
    assert.equal(first?.source, 'wsapi');
    assert.equal(first?.code, 'yaml-syntax');
    assert.equal(first?.range.start.line, 3);
  });

  test('fixing the error clears the diagnostics', async () => {
    const uri = 'file:///work/chat/asyncapi.yaml';
    await client.replace(uri, FIXED);
    const { diagnostics } = await client.diagnostics(uri, (params) => params.diagnostics.length === 0);
    assert.deepEqual(diagnostics, []);
  });

  test('a plain YAML file gets an empty report, however broken', async () => {
    const uri = 'file:///work/deploy.yaml';
    await client.open(uri, 'yaml', 'kind: [Deployment\n');
    const { diagnostics } = await client.diagnostics(uri);
    assert.deepEqual(diagnostics, []);
  });

  test('JSON AsyncAPI documents are checked too', async () => {
    const uri = 'file:///work/chat/asyncapi.json';
    await client.open(uri, 'json', '{\n  "asyncapi": "3.0.0",\n  "info": {\n}\n');
    const { diagnostics } = await client.diagnostics(uri);
    assert.equal(diagnostics[0]?.code, 'json-syntax');
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = 'file:///work/closing/asyncapi.yaml';
    await client.open(uri, 'yaml', BROKEN);
    await client.diagnostics(uri, (params) => params.diagnostics.length > 0);
    await client.close(uri);
    await client.diagnostics(
      uri,
      (params) => params.diagnostics.length === 0 && params.version === undefined,
    );
  });
});

suite('LSP: node dist/server.js --stdio', () => {
  test('answers initialize, publishes diagnostics and exits 0 after shutdown', async () => {
    const client = LspTestClient.stdio(requireBuilt(SERVER_BUNDLE));
    const result = await client.initialize();
    assert.equal(result.serverInfo?.name, 'wsapi-language-server');
    const uri = 'file:///work/stdio/asyncapi.yaml';
    await client.open(uri, 'yaml', BROKEN);
    const { diagnostics } = await client.diagnostics(uri);
    assert.equal(diagnostics[0]?.range.start.line, 3);
    assert.equal(await client.dispose(), 0);
  });
});

suite('LSP: checks while typing', () => {
  const PAUSE_MS = 100;
  let client: LspTestClient;
  before(async () => {
    client = LspTestClient.inProcess({
      ...testRuntime({ officialParser: false }),
      validationDelayMs: PAUSE_MS,
    });
    await client.initialize();
  });
  after(() => client.dispose());

  const versionsOf = (uri: string): Array<number | undefined> =>
    client.published.filter((params) => params.uri === uri).map((params) => params.version);

  test('changes that come together are checked once, after the pause', async () => {
    const uri = 'file:///work/typing/together.yaml';
    await client.open(uri, 'yaml', FIXED);
    await client.diagnostics(uri, (params) => params.version === 1);
    await client.replace(uri, BROKEN); // version 2
    await client.replace(uri, `${BROKEN}# one\n`); // version 3
    await client.replace(uri, FIXED); // version 4
    const fourth = await client.diagnostics(uri, (params) => params.version === 4);
    assert.deepEqual(fourth.diagnostics, []);
    assert.deepEqual(versionsOf(uri), [1, 4]);
  });

  test('a document that changes without ever pausing is checked on the way all the same', async () => {
    const uri = 'file:///work/typing/never-pausing.asyncapi.yaml';
    await client.open(uri, 'yaml', FIXED);
    await client.diagnostics(uri, (params) => params.version === 1);
    // A change every third of the pause, for 25 pauses: a pause never comes.
    for (let change = 0; change < 75; change++) {
      await client.replace(uri, `${FIXED}# ${change}\n`);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS / 3));
    }
    const checkedOnTheWay = versionsOf(uri).filter((version) => version !== 1).length;
    assert.ok(checkedOnTheWay >= 2, `${checkedOnTheWay} checks while it changed`);
  });
});
