import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, suite, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

import { LspTestClient } from '../support/lspClient';
import { testRuntime } from '../support/serverRuntime';

const apiYaml = (name: string): string => `type: api
data:
  name: ${name}
  context: /chats
  version: 1.0.0
  type: WS
  endpointConfig:
    endpoint_type: ws
    production_endpoints:
      url: ws://localhost:8080
  operations:
    - target: /notifications
      verb: SUBSCRIBE
`;

const ASYNCAPI = `asyncapi: 2.0.0
info:
  title: Chats
  version: 1.0.0
channels:
  /notifications:
    subscribe: {}
`;

const projectCodes = (params: PublishDiagnosticsParams): string[] =>
  params.diagnostics.map((d) => String(d.code)).filter((code) => code.startsWith('project-'));

suite('LSP: the two files of a WSO2 API project are checked against each other', () => {
  let client: LspTestClient;
  let folder: string;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'wsapi-project-'));
    mkdirSync(join(folder, 'Definitions'));
    writeFileSync(join(folder, 'api.yaml'), apiYaml('ChatAPI'));
    writeFileSync(join(folder, 'Definitions', 'asyncapi.yaml'), ASYNCAPI);
    client = LspTestClient.inProcess(testRuntime({ officialParser: false }));
    await client.initialize();
  });
  after(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  test('the definition is checked against api.yaml on disk, and refreshed when api.yaml is edited', async () => {
    const definition = pathToFileURL(join(folder, 'Definitions', 'asyncapi.yaml')).href;
    const api = pathToFileURL(join(folder, 'api.yaml')).href;
    await client.open(definition, 'yaml', ASYNCAPI);
    const first = await client.diagnostics(definition);
    assert.deepEqual(projectCodes(first), ['project-title-differs']);

    await client.open(api, 'yaml', apiYaml('ChatAPI'));
    const apiReport = await client.diagnostics(api);
    assert.deepEqual(projectCodes(apiReport), ['project-title-differs']);

    await client.replace(api, apiYaml('Chats'));
    await client.diagnostics(api, (p) => p.version === 2 && projectCodes(p).length === 0);
    // The open definition is published again, its text unchanged (version 1), without the drift.
    const refreshed = await client.diagnostics(definition, (p) => projectCodes(p).length === 0);
    assert.equal(refreshed.version, 1);
  });
});
