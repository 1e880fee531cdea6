import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, suite, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';
import type { ApplyWorkspaceEditParams, ApplyWorkspaceEditResult } from 'vscode-languageserver-protocol';

import { DESIGN_COMMANDS, type DesignResult } from '../../core/src/design';
import { writeFileUri } from '../../server/src/node/nodeRuntime';
import { LspTestClient } from '../support/lspClient';
import { REPO_ROOT, requireBuilt, SERVER_BUNDLE } from '../support/paths';
import { testRuntime } from '../support/serverRuntime';
import { applyToDisk } from '../support/workspaceEdits';

const SAMPLE = join(REPO_ROOT, 'test', 'fixtures', 'wso2-sample');
const EDITOR_CAPABILITIES = {
  applyEdit: true,
  workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] },
};

suite('LSP: design commands write WSO2 API projects through workspace/applyEdit', () => {
  let client: LspTestClient;
  let root: string;
  let sample: string;
  const edits: ApplyWorkspaceEditParams[] = [];
  /** What the editor answers: apply to disk, or refuse (to test that nothing is half-written). */
  let answer: (params: ApplyWorkspaceEditParams) => ApplyWorkspaceEditResult = (params) =>
    applyToDisk(params.edit);

  const uri = (...parts: string[]): string => pathToFileURL(join(root, ...parts)).href;
  const read = (...parts: string[]): string => readFileSync(join(root, ...parts), 'utf8');
  const run = (command: string, args: object): Promise<DesignResult> =>
    client.executeCommand(command, args) as Promise<DesignResult>;
  /** The error message of a command that must fail. */
  const failure = async (command: string, args: object): Promise<string> => {
    const count = edits.length;
    const error = await run(command, args).then(
      () => assert.fail(`${command} succeeded`),
      (rejected: Error) => rejected,
    );
    assert.equal(edits.length, count, 'a failed command sends no edit');
    return error.message;
  };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'wsapi-design-'));
    sample = join(root, 'WebSocket-1.0.0');
    cpSync(SAMPLE, sample, { recursive: true });
    client = LspTestClient.inProcess({ ...testRuntime({ officialParser: false }), writeFile: writeFileUri });
    client.onApplyEdit((params) => {
      edits.push(params);
      return Promise.resolve(answer(params));
    });
    await client.initialize([pathToFileURL(root).href], EDITOR_CAPABILITIES);
    // The workspace check has placed the sample's context (/websocket) once its diagnostics are out.
    await client.diagnostics(uri('WebSocket-1.0.0', 'api.yaml'));
  });
  after(async () => {
    await client.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  test('the server announces every design command', async () => {
    const other = LspTestClient.inProcess(testRuntime({ officialParser: false }));
    const result = await other.initialize();
    await other.dispose();
    assert.deepEqual(result.capabilities.executeCommandProvider?.commands, Object.values(DESIGN_COMMANDS));
  });

  test('createApi writes the four project files, error-free, and answers the definition to open', async () => {
    const result = await run(DESIGN_COMMANDS.createApi, {
      folder: pathToFileURL(root).href,
      name: 'Chats',
      context: '/chats',
      version: '1.0.0',
      endpoint: 'ws://localhost:8080',
    });
    assert.equal(result.definition, uri('Chats-1.0.0', 'Definitions', 'asyncapi.yaml'));
    assert.deepEqual(
      [...result.changed].sort(),
      ['api.yaml', 'api_meta.yaml', 'Definitions/asyncapi.yaml', 'deployment_environments.yaml']
        .map((path) => uri('Chats-1.0.0', ...path.split('/')))
        .sort(),
    );
    const api = parseYaml(read('Chats-1.0.0', 'api.yaml')) as { data: Record<string, unknown> };
    assert.equal(api.data['context'], '/chats');
    assert.deepEqual(api.data['endpointConfig'], {
      endpoint_type: 'ws',
      sandbox_endpoints: { url: 'ws://localhost:8080' },
      production_endpoints: { url: 'ws://localhost:8080' },
    });
    const definition = parseYaml(read('Chats-1.0.0', 'Definitions', 'asyncapi.yaml')) as Record<
      string,
      unknown
    >;
    assert.deepEqual(definition['channels'], { '/*': { subscribe: {}, publish: {} } });
    for (const file of [['api.yaml'], ['Definitions', 'asyncapi.yaml']]) {
      const fileUri = uri('Chats-1.0.0', ...file);
      await client.open(fileUri, 'yaml', read('Chats-1.0.0', ...file));
      const published = await client.diagnostics(fileUri);
      assert.deepEqual(
        published.diagnostics.filter((d) => d.severity === 1),
        [],
        fileUri,
      );
      await client.close(fileUri);
    }
  });

  test('createApi: version 2.0.0 shares the context of 1.0.0, and a wss endpoint gets no error', async () => {
    // The sample is WebSocket 1.0.0 on /websocket: WSO2 needs only context + version to be unique.
    const result = await run(DESIGN_COMMANDS.createApi, {
      folder: pathToFileURL(root).href,
      name: 'WebSocket',
      context: '/websocket',
      version: '2.0.0',
      endpoint: 'wss://ws.example.com',
    });
    const definition = read('WebSocket-2.0.0', 'Definitions', 'asyncapi.yaml');
    assert.deepEqual((parseYaml(definition) as Record<string, unknown>)['servers'], {
      production: { url: 'wss://ws.example.com', protocol: 'ws' },
      sandbox: { url: 'wss://ws.example.com', protocol: 'ws' },
    });
    await client.open(result.definition ?? '', 'yaml', definition);
    const { diagnostics } = await client.diagnostics(result.definition ?? '');
    assert.deepEqual(
      diagnostics.map((d) => `${String(d.code)}: ${d.message}`),
      [],
    );
    await client.close(result.definition ?? '');
  });

  test('createApi 3.0.0 and addTopic write channels, operations and $refs as WSO2 writes and reads them', async () => {
    const result = await run(DESIGN_COMMANDS.createApi, {
      folder: pathToFileURL(root).href,
      name: 'Rooms',
      context: '/rooms',
      version: '1.0.0',
      endpoint: 'ws://localhost:8080',
      asyncapiVersion: '3.0.0',
    });
    await run(DESIGN_COMMANDS.addTopic, { project: result.definition, topic: '/rooms/{roomID}' });
    const definition = parseYaml(read('Rooms-1.0.0', 'Definitions', 'asyncapi.yaml')) as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    assert.deepEqual(Object.keys(definition['channels'] ?? {}), ['*', 'rooms/{roomID}']);
    assert.deepEqual(
      Object.entries(definition['operations'] ?? {}).map(([id, operation]) => [id, operation['channel']]),
      [
        ['receive_/*', { $ref: '#/channels/*' }],
        ['send_/*', { $ref: '#/channels/*' }],
        ['receive_/rooms/{roomID}', { $ref: '#/channels/rooms/{roomID}' }],
        ['send_/rooms/{roomID}', { $ref: '#/channels/rooms/{roomID}' }],
      ],
    );
    assert.deepEqual(definition['servers'], {
      production: { host: 'localhost:8080', pathname: '/', protocol: 'ws' },
      sandbox: { host: 'localhost:8080', pathname: '/', protocol: 'ws' },
    });
    const apiUri = uri('Rooms-1.0.0', 'api.yaml');
    for (const file of [result.definition ?? '', apiUri]) {
      await client.open(file, 'yaml', readFileSync(fileURLToPath(file), 'utf8'));
      const { diagnostics } = await client.diagnostics(file);
      assert.deepEqual(
        diagnostics.filter((d) => d.severity !== 4).map((d) => `${String(d.code)}: ${d.message}`),
        [],
        file,
      );
      await client.close(file);
    }
  });

  test('createApi with AsyncAPI 3.0.0 and {version} in the context', async () => {
    await run(DESIGN_COMMANDS.createApi, {
      folder: pathToFileURL(root).href,
      name: 'Prices',
      context: '/{version}/prices',
      version: '2.0.0',
      endpoint: 'wss://prices.example.com/feed',
      sandboxEndpoint: 'ws://localhost:9000',
      asyncapiVersion: '3.0.0',
    });
    const api = parseYaml(read('Prices-2.0.0', 'api.yaml')) as { data: Record<string, unknown> };
    assert.equal(api.data['context'], '/{version}/prices');
    const definition = parseYaml(read('Prices-2.0.0', 'Definitions', 'asyncapi.yaml')) as Record<
      string,
      unknown
    >;
    assert.equal(definition['asyncapi'], '3.0.0');
    // As WSO2's AsyncApiV3Parser writes them: protocol ws for the wss endpoint too, pathname / without a path.
    assert.deepEqual(definition['servers'], {
      production: { host: 'prices.example.com', pathname: '/feed', protocol: 'ws' },
      sandbox: { host: 'localhost:9000', pathname: '/', protocol: 'ws' },
    });
  });

  test('createApi names a missing argument, a bad endpoint and a used context, and writes nothing', async () => {
    const base = { folder: pathToFileURL(root).href, name: 'Orders', context: '/orders', version: '1.0.0' };
    assert.equal(await failure(DESIGN_COMMANDS.createApi, base), "The argument 'endpoint' is missing.");
    assert.equal(
      await failure(DESIGN_COMMANDS.createApi, { folder: base.folder, name: ' ' }),
      "The arguments 'name', 'context', 'version', 'endpoint' are missing.",
    );
    assert.equal(
      await failure(DESIGN_COMMANDS.createApi, { ...base, endpoint: 'http://localhost:8080' }),
      "The endpoint must be a ws:// or wss:// URL such as ws://localhost:8080, not 'http://localhost:8080'.",
    );
    assert.equal(
      await failure(DESIGN_COMMANDS.createApi, { ...base, context: '/websocket', endpoint: 'ws://h:1' }),
      "Another API of the workspace has context '/websocket' and version 1.0.0: choose another context or version.",
    );
    assert.equal(
      await failure(DESIGN_COMMANDS.createApi, { ...base, endpoint: 'ws://h:1', asyncapiVersion: '2.6.0' }),
      "The AsyncAPI version is '2.0.0' or '3.0.0', not '2.6.0'.",
    );
    assert.equal(existsSync(join(root, 'Orders-1.0.0')), false);
  });

  test('a refused edit is reported and leaves no file behind', async () => {
    answer = () => ({ applied: false, failureReason: 'read-only folder' });
    try {
      const error = await run(DESIGN_COMMANDS.createApi, {
        folder: pathToFileURL(root).href,
        name: 'Refused',
        context: '/refused',
        version: '1.0.0',
        endpoint: 'ws://localhost:8080',
      }).then(
        () => assert.fail('createApi succeeded'),
        (rejected: Error) => rejected,
      );
      assert.equal(
        error.message,
        'Create WebSocket API: the editor did not apply the edit (read-only folder), so nothing was written.',
      );
    } finally {
      answer = (params) => applyToDisk(params.edit);
    }
    assert.equal(existsSync(join(root, 'Refused-1.0.0')), false);
  });

  test("addTopic then deleteTopic on WSO2's exported sample leaves both files byte-identical", async () => {
    const apiBefore = read('WebSocket-1.0.0', 'api.yaml');
    const definitionBefore = read('WebSocket-1.0.0', 'Definitions', 'asyncapi.yaml');
    const added = await run(DESIGN_COMMANDS.addTopic, {
      project: uri('WebSocket-1.0.0'),
      topic: '/rooms/{roomID}',
      uriMapping: '/rooms?room={uri.var.roomID}',
    });
    assert.equal(added.changed.length, 2);
    const definition = parseYaml(read('WebSocket-1.0.0', 'Definitions', 'asyncapi.yaml')) as {
      channels: Record<string, unknown>;
    };
    assert.deepEqual(definition.channels['/rooms/{roomID}'], {
      parameters: { roomID: { description: '', schema: { type: 'string' } } },
      subscribe: { 'x-uri-mapping': '/rooms?room={uri.var.roomID}' },
      publish: { 'x-uri-mapping': '/rooms?room={uri.var.roomID}' },
    });
    const api = parseYaml(read('WebSocket-1.0.0', 'api.yaml')) as { data: { operations: object[] } };
    assert.deepEqual(
      api.data.operations.map((operation) => Object.values(pick(operation, 'target', 'verb', 'uriMapping'))),
      [
        ['/notifications', 'SUBSCRIBE', '/notifications'],
        ['/notifications', 'PUBLISH', '/notifications'],
        ['/rooms/{roomID}', 'SUBSCRIBE', '/rooms?room={uri.var.roomID}'],
        ['/rooms/{roomID}', 'PUBLISH', '/rooms?room={uri.var.roomID}'],
      ],
    );
    await run(DESIGN_COMMANDS.deleteTopic, {
      project: uri('WebSocket-1.0.0', 'api.yaml'),
      topic: '/rooms/{roomID}',
    });
    assert.equal(read('WebSocket-1.0.0', 'api.yaml'), apiBefore);
    assert.equal(read('WebSocket-1.0.0', 'Definitions', 'asyncapi.yaml'), definitionBefore);
  });

  test('addTopic edits an open definition by its version and merges the types of an existing topic', async () => {
    const definitionUri = uri('WebSocket-1.0.0', 'Definitions', 'asyncapi.yaml');
    await client.open(definitionUri, 'yaml', read('WebSocket-1.0.0', 'Definitions', 'asyncapi.yaml'));
    await run(DESIGN_COMMANDS.addTopic, { project: definitionUri, topic: '/prices', types: ['SUB'] });
    const edit = edits[edits.length - 1]?.edit.documentChanges ?? [];
    const versions = edit.flatMap((change) => ('textDocument' in change ? [change.textDocument] : []));
    assert.deepEqual(versions, [
      { uri: uri('WebSocket-1.0.0', 'api.yaml'), version: null },
      { uri: definitionUri, version: 1 },
    ]);
    await client.replace(definitionUri, read('WebSocket-1.0.0', 'Definitions', 'asyncapi.yaml'));
    await run(DESIGN_COMMANDS.addTopic, {
      project: definitionUri,
      topic: '/prices',
      types: ['PUB'],
      description: 'Price ticks',
    });
    const definition = parseYaml(read('WebSocket-1.0.0', 'Definitions', 'asyncapi.yaml')) as {
      channels: Record<string, unknown>;
    };
    assert.deepEqual(definition.channels['/prices'], {
      description: 'Price ticks',
      parameters: {},
      subscribe: {},
      publish: {},
    });
    const api = parseYaml(read('WebSocket-1.0.0', 'api.yaml')) as { data: { operations: object[] } };
    assert.deepEqual(
      api.data.operations
        .filter((operation) => pick(operation, 'target').target === '/prices')
        .map((o) => pick(o, 'verb')),
      [{ verb: 'SUBSCRIBE' }, { verb: 'PUBLISH' }],
    );
    await client.close(definitionUri);
  });

  test('addTopic and deleteTopic name what is wrong', async () => {
    const project = uri('WebSocket-1.0.0');
    assert.equal(await failure(DESIGN_COMMANDS.addTopic, { project }), "The argument 'topic' is missing.");
    assert.equal(
      await failure(DESIGN_COMMANDS.addTopic, { project, topic: 'rooms' }),
      "A WSO2 topic is a path that starts with '/': write '/rooms'.",
    );
    assert.equal(
      await failure(DESIGN_COMMANDS.addTopic, {
        project,
        topic: '/rooms/{id}',
        uriMapping: '/r/{uri.var.room}',
      }),
      "'{uri.var.room}' names no parameter of the topic '/rooms/{id}': use one of '{uri.var.id}'.",
    );
    assert.equal(
      await failure(DESIGN_COMMANDS.addTopic, { project: uri('nowhere'), topic: '/x' }),
      `No api.yaml in ${uri('nowhere')}: 'project' names an API project folder, its api.yaml or its Definitions/asyncapi.yaml.`,
    );
    assert.equal(
      await failure(DESIGN_COMMANDS.deleteTopic, { project, topic: '/missing' }),
      "The API has no topic '/missing': its topics are /notifications, /prices.",
    );
    await run(DESIGN_COMMANDS.deleteTopic, { project, topic: '/prices' });
    assert.equal(
      await failure(DESIGN_COMMANDS.deleteTopic, { project, topic: '/notifications' }),
      `'/notifications' is the API's last topic and WSO2 refuses an API without one ("API must have at least one resource defined"): add another topic first.`,
    );
  });

  test('setAuth writes securityScheme and the topic x-auth-type, and checks its values', async () => {
    const project = uri('WebSocket-1.0.0');
    await run(DESIGN_COMMANDS.setAuth, {
      project,
      security: ['api_key'],
      topic: '/notifications',
      authType: 'None',
    });
    const api = parseYaml(read('WebSocket-1.0.0', 'api.yaml')) as { data: Record<string, unknown> };
    assert.deepEqual(api.data['securityScheme'], ['api_key', 'oauth_basic_auth_api_key_mandatory']);
    assert.match(read('WebSocket-1.0.0', 'Definitions', 'asyncapi.yaml'), /\n {4}x-auth-type: None\n/);
    assert.equal(
      await failure(DESIGN_COMMANDS.setAuth, { project, topic: '/notifications', authType: 'any' }),
      "The auth type is 'Any' (credentials required) or 'None' (open topic), not 'any'.",
    );
    assert.equal(
      await failure(DESIGN_COMMANDS.setAuth, { project, security: ['basic'] }),
      "security is a list of 'oauth2' and 'api_key' (empty: no auth), not 'basic'.",
    );
    assert.equal(
      await failure(DESIGN_COMMANDS.setAuth, { project, topic: '/notifications' }),
      "'authType' is missing: 'Any' (credentials required) or 'None' (open topic).",
    );
  });

  test('importAsyncApi builds a project from a document and leaves the source alone', async () => {
    const source = join(root, 'chat.asyncapi.yaml');
    const text = `asyncapi: 2.6.0
info:
  title: Chat
  version: 2.1.0
  description: Rooms and notices
channels:
  /rooms/{roomID}:
    parameters:
      roomID:
        schema: { type: string }
    subscribe:
      x-uri-mapping: /rooms?room={uri.var.roomID}
      x-scopes: [reader]
    x-auth-type: Any
components:
  securitySchemes:
    oauth2:
      type: oauth2
      flows:
        implicit:
          authorizationUrl: http://localhost:9999
          scopes: { reader: Reads rooms }
          x-scopes-bindings: { reader: 'admin, subscriber' }
`;
    writeFileSync(source, text);
    const result = await run(DESIGN_COMMANDS.importAsyncApi, {
      source: pathToFileURL(source).href,
      folder: pathToFileURL(root).href,
      context: '/chat',
      endpoint: 'ws://localhost:8081',
    });
    assert.equal(result.definition, uri('Chat-2.1.0', 'Definitions', 'asyncapi.yaml'));
    assert.equal(readFileSync(source, 'utf8'), text);
    // The document as it was, with the servers WSO2 writes from the endpoint on import.
    const imported = read('Chat-2.1.0', 'Definitions', 'asyncapi.yaml');
    assert.ok(imported.startsWith(text), imported);
    assert.deepEqual((parseYaml(imported) as Record<string, unknown>)['servers'], {
      production: { url: 'ws://localhost:8081', protocol: 'ws' },
      sandbox: { url: 'ws://localhost:8081', protocol: 'ws' },
    });
    const api = parseYaml(read('Chat-2.1.0', 'api.yaml')) as { data: Record<string, unknown> };
    assert.deepEqual(pick(api.data, 'name', 'version', 'description', 'context'), {
      name: 'Chat',
      version: '2.1.0',
      description: 'Rooms and notices',
      context: '/chat',
    });
    assert.deepEqual(api.data['scopes'], [
      {
        scope: {
          name: 'reader',
          displayName: 'reader',
          description: 'Reads rooms',
          bindings: ['admin', 'subscriber'],
        },
        shared: false,
      },
    ]);
    assert.deepEqual(
      (api.data['operations'] as object[]).map((o) =>
        pick(o, 'target', 'verb', 'authType', 'scopes', 'uriMapping'),
      ),
      [
        {
          target: '/rooms/{roomID}',
          verb: 'SUBSCRIBE',
          authType: 'Application & Application User',
          scopes: ['reader'],
          uriMapping: '/rooms?room={uri.var.roomID}',
        },
      ],
    );
  });

  test('importAsyncApi writes the servers from the endpoint, as WSO2 does: the import is error-free', async () => {
    const source = join(root, 'mqtt.asyncapi.yaml');
    const text = `asyncapi: 2.6.0
info: { title: Telemetry, version: 1.0.0 }
servers:
  broker: { url: 'mqtt://broker.example.com', protocol: mqtt }
channels:
  /readings:
    servers: [broker]
    subscribe:
      x-uri-mapping: /readings
`;
    writeFileSync(source, text);
    await run(DESIGN_COMMANDS.importAsyncApi, {
      source: pathToFileURL(source).href,
      folder: pathToFileURL(root).href,
      context: '/telemetry',
      endpoint: 'wss://telemetry.example.com/ws',
    });
    const definitionUri = uri('Telemetry-1.0.0', 'Definitions', 'asyncapi.yaml');
    const imported = read('Telemetry-1.0.0', 'Definitions', 'asyncapi.yaml');
    assert.deepEqual(parseYaml(imported), {
      asyncapi: '2.6.0',
      info: { title: 'Telemetry', version: '1.0.0' },
      servers: {
        production: { url: 'wss://telemetry.example.com/ws', protocol: 'ws' },
        sandbox: { url: 'wss://telemetry.example.com/ws', protocol: 'ws' },
      },
      channels: { '/readings': { subscribe: { 'x-uri-mapping': '/readings' } } },
    });
    // Before, the mqtt server stayed and wsapi flagged its own import (server-protocol).
    await client.open(definitionUri, 'yaml', imported);
    const { diagnostics } = await client.diagnostics(definitionUri);
    assert.deepEqual(
      diagnostics.filter((d) => d.severity === 1).map((d) => d.code),
      [],
    );
    await client.close(definitionUri);
  });

  test("importAsyncApi refuses an undeclared scope with WSO2's 'Scope ... not found.'", async () => {
    const source = join(root, 'scoped.asyncapi.yaml');
    writeFileSync(
      source,
      'asyncapi: 2.0.0\ninfo: { title: Scoped, version: 1.0.0 }\nchannels:\n  /a:\n    subscribe:\n      x-scopes: [abc]\n',
    );
    assert.equal(
      await failure(DESIGN_COMMANDS.importAsyncApi, {
        source: pathToFileURL(source).href,
        folder: pathToFileURL(root).href,
        context: '/scoped',
        endpoint: 'ws://h:1',
      }),
      "Scope 'abc' not found. WSO2 refuses the import: declare it under components.securitySchemes.oauth2.flows.implicit.scopes, or remove it from x-scopes.",
    );
    assert.equal(existsSync(join(root, 'Scoped-1.0.0')), false);
  });

  test('importAsyncApi refuses versions WSO2 does not read, and names missing arguments', async () => {
    const source = join(root, 'old.yaml');
    writeFileSync(source, 'asyncapi: 1.2.0\ninfo: { title: Old, version: 1.0.0 }\ntopics: {}\n');
    const args = {
      source: pathToFileURL(source).href,
      folder: pathToFileURL(root).href,
      endpoint: 'ws://h:1',
    };
    assert.equal(await failure(DESIGN_COMMANDS.importAsyncApi, args), "The argument 'context' is missing.");
    assert.equal(
      await failure(DESIGN_COMMANDS.importAsyncApi, { ...args, context: '/old' }),
      'Unsupported AsyncAPI version: 1.2.0. WSO2 imports 2.0 to 2.6 and 3.0.',
    );
  });

  test('exportAsyncApi writes the definition as JSON', async () => {
    const target = uri('export', 'websocket.json');
    await run(DESIGN_COMMANDS.exportAsyncApi, { project: uri('WebSocket-1.0.0'), format: 'json', target });
    assert.deepEqual(
      JSON.parse(readFileSync(fileURLToPath(target), 'utf8')),
      parseYaml(read('WebSocket-1.0.0', 'Definitions', 'asyncapi.yaml')),
    );
    assert.equal(
      await failure(DESIGN_COMMANDS.exportAsyncApi, {
        project: uri('WebSocket-1.0.0'),
        format: 'xml',
        target,
      }),
      "format is 'yaml' or 'json', not 'xml'.",
    );
  });

  test('exportApiProject writes a .zip with the project folder as apictl imports it', async () => {
    const target = uri('export', 'WebSocket-1.0.0.zip');
    const result = await run(DESIGN_COMMANDS.exportApiProject, { project: uri('WebSocket-1.0.0'), target });
    assert.deepEqual(result.changed, [target]);
    const entries = unzipSync(readFileSync(fileURLToPath(target)));
    assert.deepEqual(Object.keys(entries).sort(), [
      'WebSocket-1.0.0/Definitions/asyncapi.yaml',
      'WebSocket-1.0.0/api.yaml',
    ]);
    assert.equal(
      strFromU8(entries['WebSocket-1.0.0/api.yaml'] ?? new Uint8Array()),
      read('WebSocket-1.0.0', 'api.yaml'),
    );
    const created = uri('export', 'Chats-1.0.0.zip');
    await run(DESIGN_COMMANDS.exportApiProject, { project: uri('Chats-1.0.0'), target: created });
    assert.deepEqual(Object.keys(unzipSync(readFileSync(fileURLToPath(created)))).sort(), [
      'Chats-1.0.0/Definitions/asyncapi.yaml',
      'Chats-1.0.0/api.yaml',
      'Chats-1.0.0/api_meta.yaml',
      'Chats-1.0.0/deployment_environments.yaml',
    ]);
  });

  test('exportApiProject names a missing target', async () => {
    assert.equal(
      await failure(DESIGN_COMMANDS.exportApiProject, { project: uri('WebSocket-1.0.0') }),
      "The argument 'target' is missing.",
    );
  });

  test('an editor that cannot create files in a workspace edit gets an error, not a half-made project', async () => {
    const plain = LspTestClient.inProcess(testRuntime({ officialParser: false }));
    try {
      // Edits by version, but no resource operations.
      await plain.initialize([], { applyEdit: true, workspaceEdit: { documentChanges: true } });
      const error = await plain
        .executeCommand(DESIGN_COMMANDS.createApi, {
          folder: pathToFileURL(root).href,
          name: 'Plain',
          context: '/plain',
          version: '1.0.0',
          endpoint: 'ws://localhost:8080',
        })
        .then(
          () => assert.fail('createApi succeeded'),
          (rejected: Error) => rejected,
        );
      assert.equal(
        error.message,
        "The editor does not create files in a workspace edit (it does not declare workspace.workspaceEdit.resourceOperations 'create'): Create WebSocket API needs it.",
      );
    } finally {
      await plain.dispose();
    }
    assert.equal(existsSync(join(root, 'Plain-1.0.0')), false);
  });

  test('an unknown command and arguments that are not one object are refused', async () => {
    assert.equal(await failure('wsapi.nothing', {}), "Unknown command 'wsapi.nothing'.");
    assert.equal(await failure('toString', {}), "Unknown command 'toString'.");
    const error = await client.executeCommand(DESIGN_COMMANDS.deleteTopic, 'x' as unknown as object).then(
      () => assert.fail('accepted'),
      (rejected: Error) => rejected,
    );
    assert.equal(error.message, 'wsapi.deleteTopic takes one object of arguments.');
  });
});

suite(
  'LSP: design commands in an editor without versioned workspace edits (neovim 0.7, a bare client)',
  () => {
    // What neovim 0.7 declares: resource operations, but neither documentChanges nor edits by version.
    const NEOVIM_07 = {
      applyEdit: true,
      workspaceEdit: { resourceOperations: ['rename', 'create', 'delete'] },
    } as const;
    let root: string;
    before(() => {
      root = mkdtempSync(join(tmpdir(), 'wsapi-design-changes-'));
      cpSync(SAMPLE, join(root, 'WebSocket-1.0.0'), { recursive: true });
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    /** A client with these capabilities that applies edits to disk; the edits it got. */
    async function editor(
      workspace: object,
    ): Promise<{ client: LspTestClient; edits: ApplyWorkspaceEditParams[] }> {
      const client = LspTestClient.inProcess(testRuntime({ officialParser: false }));
      const edits: ApplyWorkspaceEditParams[] = [];
      client.onApplyEdit((params) => {
        edits.push(params);
        return Promise.resolve(applyToDisk(params.edit));
      });
      await client.initialize([pathToFileURL(root).href], workspace);
      return { client, edits };
    }
    const project = (): string => pathToFileURL(join(root, 'WebSocket-1.0.0')).href;
    const read = (...parts: string[]): string =>
      readFileSync(join(root, 'WebSocket-1.0.0', ...parts), 'utf8');

    test('addTopic and deleteTopic send `changes`, and new files come as resource operations', async () => {
      const { client, edits } = await editor(NEOVIM_07);
      try {
        await client.executeCommand(DESIGN_COMMANDS.addTopic, { project: project(), topic: '/news/{day}' });
        const [added] = edits;
        assert.equal(added?.edit.documentChanges, undefined);
        assert.deepEqual(Object.keys(added?.edit.changes ?? {}).sort(), [
          `${project()}/Definitions/asyncapi.yaml`,
          `${project()}/api.yaml`,
        ]);
        assert.match(read('Definitions', 'asyncapi.yaml'), /\n {2}\/news\/\{day\}:\n/);
        assert.match(read('api.yaml'), /target: \/news\/\{day\}/);
        await client.executeCommand(DESIGN_COMMANDS.deleteTopic, {
          project: project(),
          topic: '/news/{day}',
        });
        assert.equal(edits[1]?.edit.documentChanges, undefined);
        assert.doesNotMatch(read('Definitions', 'asyncapi.yaml'), /news/);

        await client.executeCommand(DESIGN_COMMANDS.createApi, {
          folder: pathToFileURL(root).href,
          name: 'News',
          context: '/news',
          version: '1.0.0',
          endpoint: 'ws://localhost:8080',
        });
        assert.deepEqual(
          edits[2]?.edit.documentChanges?.filter((change) => 'kind' in change).map((change) => change.kind),
          ['create', 'create', 'create', 'create'],
        );
        assert.ok(existsSync(join(root, 'News-1.0.0', 'Definitions', 'asyncapi.yaml')));
      } finally {
        await client.dispose();
      }
    });

    test('exportAsyncApi over a file that is there edits it, so no resource operation is needed', async () => {
      const target = pathToFileURL(join(root, 'exported.yaml')).href;
      writeFileSync(fileURLToPath(target), 'old: text\n');
      const { client, edits } = await editor({ applyEdit: true });
      try {
        await client.executeCommand(DESIGN_COMMANDS.exportAsyncApi, { project: project(), target });
        assert.deepEqual(Object.keys(edits[0]?.edit.changes ?? {}), [target]);
        assert.deepEqual(
          parseYaml(readFileSync(fileURLToPath(target), 'utf8')),
          parseYaml(read('Definitions', 'asyncapi.yaml')),
        );
        const error = await client
          .executeCommand(DESIGN_COMMANDS.exportAsyncApi, {
            project: project(),
            target: pathToFileURL(join(root, 'new.yaml')).href,
          })
          .then(
            () => assert.fail('exportAsyncApi created a file without resource operations'),
            (rejected: Error) => rejected,
          );
        assert.match(
          error.message,
          /does not create files in a workspace edit .*: Export AsyncAPI needs it\.$/,
        );
        assert.equal(edits.length, 1);
      } finally {
        await client.dispose();
      }
    });

    test('an editor that applies no workspace edit is told so', async () => {
      const { client } = await editor({});
      try {
        const error = await client
          .executeCommand(DESIGN_COMMANDS.addTopic, { project: project(), topic: '/x' })
          .then(
            () => assert.fail('addTopic succeeded'),
            (rejected: Error) => rejected,
          );
        assert.equal(
          error.message,
          'The editor does not apply workspace edits (it does not declare workspace.applyEdit): Add topic needs it.',
        );
      } finally {
        await client.dispose();
      }
    });
  },
);

suite('LSP: design commands in the bundled server (node dist/server.js --stdio)', () => {
  test('createApi and exportApiProject write their files', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wsapi-design-stdio-'));
    const client = LspTestClient.stdio(requireBuilt(SERVER_BUNDLE));
    try {
      client.onApplyEdit((params) => Promise.resolve(applyToDisk(params.edit)));
      await client.initialize([], EDITOR_CAPABILITIES);
      const folder = pathToFileURL(root).href;
      await client.executeCommand(DESIGN_COMMANDS.createApi, {
        folder,
        name: 'Chats',
        context: '/chats',
        version: '1.0.0',
        endpoint: 'ws://localhost:8080',
      });
      const target = `${folder}/out/chats.zip`;
      await client.executeCommand(DESIGN_COMMANDS.exportApiProject, {
        project: `${folder}/Chats-1.0.0`,
        target,
      });
      const entries = unzipSync(readFileSync(fileURLToPath(target)));
      assert.equal(
        strFromU8(entries['Chats-1.0.0/api.yaml'] ?? new Uint8Array()),
        readFileSync(join(root, 'Chats-1.0.0', 'api.yaml'), 'utf8'),
      );
    } finally {
      assert.equal(await client.dispose(), 0);
      rmSync(root, { recursive: true, force: true });
    }
  });
});

function pick(value: object, ...keys: string[]): Record<string, unknown> {
  const record = value as Record<string, unknown>;
  return Object.fromEntries(keys.filter((key) => key in record).map((key) => [key, record[key]]));
}
