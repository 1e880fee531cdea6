import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, suite, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

import { LspTestClient } from '../support/lspClient';
import { testRuntime } from '../support/serverRuntime';
import { apiYamlText } from '../support/apiYamlFixture';

const apiYaml = (name: string): string =>
  apiYamlText({ name, wso2Version: null, operations: [{ target: '/notifications', verb: 'SUBSCRIBE' }] });

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

suite('LSP: the API projects of the workspace are checked without being opened', () => {
  let client: LspTestClient;
  let folder: string;
  const write = (project: string, file: string, text: string): string => {
    mkdirSync(join(folder, project, 'Definitions'), { recursive: true });
    writeFileSync(join(folder, project, file), text);
    return pathToFileURL(join(folder, project, file)).href;
  };
  let chats: string;
  let rooms: string;
  let roomsDefinition: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'wsapi-workspace-'));
    chats = write('Chats-1.0.0', 'api.yaml', apiYaml('Chats'));
    write('Chats-1.0.0', 'Definitions/asyncapi.yaml', ASYNCAPI);
    rooms = write('apis/Rooms-1.0.0', 'api.yaml', apiYaml('Rooms'));
    roomsDefinition = write('apis/Rooms-1.0.0', 'Definitions/asyncapi.yaml', ASYNCAPI);
    write('node_modules/pkg', 'api.yaml', apiYaml('Ignored'));
    client = LspTestClient.inProcess(testRuntime({ officialParser: false }));
    await client.initialize([pathToFileURL(folder).href]);
  });
  after(async () => {
    await client.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  test('two projects on one context and version: an error on both, found on start', async () => {
    assert.deepEqual(projectCodes(await client.diagnostics(chats)), ['project-duplicate-context']);
    // Rooms also has the title of the Chats definition it was copied from.
    assert.deepEqual(projectCodes(await client.diagnostics(rooms)), [
      'project-title-differs',
      'project-duplicate-context',
    ]);
    const definition = await client.diagnostics(roomsDefinition);
    assert.deepEqual(projectCodes(definition), ['project-title-differs']);
    assert.ok(!client.published.some((p) => p.uri.includes('node_modules')), 'node_modules is not searched');
  });

  test('a change on disk is checked again, with the projects it affects', async () => {
    writeFileSync(new URL(rooms), apiYaml('Rooms').replace('context: /chats', 'context: /rooms'));
    const before = client.published.length;
    await client.filesChanged([{ uri: rooms, type: 2 }]);
    const cleared = async (uri: string): Promise<void> => {
      await client.diagnostics(
        uri,
        (p) =>
          client.published.indexOf(p) >= before &&
          projectCodes(p).every((c) => c !== 'project-duplicate-context'),
      );
    };
    await cleared(rooms);
    await cleared(chats);
  });
});
