import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { parse as parseYaml } from 'yaml';

import {
  addTopic,
  createApi,
  deleteTopic,
  DesignError,
  exportApiProject,
  exportAsyncApi,
  importAsyncApi,
  setAuth,
  type ProjectTexts,
} from '../../../core/src/design';
import { REPO_ROOT } from '../../support/paths';

const SAMPLE = join(REPO_ROOT, 'test', 'fixtures', 'wso2-sample');
const SAMPLE_API = readFileSync(join(SAMPLE, 'api.yaml'), 'utf8');
const SAMPLE_DEFINITION = readFileSync(join(SAMPLE, 'Definitions', 'asyncapi.yaml'), 'utf8');

const yamlProject = (api: string, definition: string): ProjectTexts => ({
  api: { text: api, format: 'yaml' },
  definition: { text: definition, format: 'yaml' },
});

/** docs/wso2.md 1.3: a fresh WS API `Chats` 1.0.0 on ws://localhost:8080, as WSO2 generates its definition. */
const FRESH_DEFINITION = `asyncapi: 2.0.0
info: { title: Chats, version: 1.0.0 }
servers:
  production: { url: ws://localhost:8080, protocol: ws }
  sandbox:    { url: ws://localhost:8080, protocol: ws }
channels:
  /*:
    subscribe: {}
    publish: {}
components:
  securitySchemes:
    oauth2:
      type: oauth2
      flows:
        implicit:
          authorizationUrl: http://localhost:9999
          scopes: {}
          x-scopes-bindings: {}
`;

suite("fidelity with WSO2's own files", () => {
  const topics: ReadonlyArray<[string, Parameters<typeof addTopic>[1]]> = [
    [
      'a topic with a parameter and a URL mapping',
      { topic: '/rooms/{roomID}', uriMapping: '/rooms?room={uri.var.roomID}' },
    ],
    ['a PUB-only topic with a description', { topic: '/prices', types: ['PUB'], description: 'Ticks' }],
    [
      'a SUB-only topic with its own mapping',
      { topic: '/a/{x}/b/{y}', types: ['SUB'], subUriMapping: '/{uri.var.x}' },
    ],
  ];
  for (const [what, args] of topics) {
    test(`the exported sample: add ${what}, delete it, and both files are byte-identical`, () => {
      const added = addTopic(yamlProject(SAMPLE_API, SAMPLE_DEFINITION), args);
      assert.notEqual(added.api, undefined);
      assert.notEqual(added.definition, undefined);
      const back = deleteTopic(yamlProject(added.api ?? '', added.definition ?? ''), args.topic);
      assert.equal(back.api, SAMPLE_API);
      assert.equal(back.definition, SAMPLE_DEFINITION);
    });
  }

  test('the same round trip on the sample written as JSON', () => {
    const api = `${JSON.stringify(parseYaml(SAMPLE_API), null, 2)}\n`;
    const definition = `${JSON.stringify(parseYaml(SAMPLE_DEFINITION), null, 4)}\n`;
    const texts: ProjectTexts = {
      api: { text: api, format: 'json' },
      definition: { text: definition, format: 'json' },
    };
    const added = addTopic(texts, { topic: '/rooms/{roomID}', uriMapping: '/rooms/{uri.var.roomID}' });
    assert.match(added.definition ?? '', /\n {8}"\/rooms\/\{roomID\}": \{\n/);
    const back = deleteTopic(
      {
        api: { text: added.api ?? '', format: 'json' },
        definition: { text: added.definition ?? '', format: 'json' },
      },
      '/rooms/{roomID}',
    );
    assert.equal(back.api, api);
    assert.equal(back.definition, definition);
  });

  test('a created definition is the one of docs/wso2.md 1.3', () => {
    const project = createApi({
      name: 'Chats',
      context: '/chats',
      version: '1.0.0',
      endpoint: 'ws://localhost:8080',
    });
    const definition = project.files.find((file) => file.path === 'Definitions/asyncapi.yaml');
    assert.deepEqual(parseYaml(definition?.text ?? ''), parseYaml(FRESH_DEFINITION));
  });

  test("a created api.yaml has the sample's fields (docs/wso2.md 4.1), in its order, with the new API's values", () => {
    const project = createApi({
      name: 'Chats',
      context: '/chats',
      version: '1.0.0',
      endpoint: 'ws://localhost:8080',
    });
    const created = parseYaml(project.files.find((file) => file.path === 'api.yaml')?.text ?? '') as {
      type: string;
      version: string;
      data: Record<string, unknown>;
    };
    const sample = parseYaml(SAMPLE_API) as typeof created;
    /** Assigned by the WSO2 server on import, never written by hand. */
    const serverAssigned = ['id', 'createdTime', 'lastUpdatedTime', 'organizationId'];
    const operation = (verb: string): Record<string, unknown> => ({
      id: '',
      target: '/*',
      verb,
      authType: 'Application & Application User',
      throttlingPolicy: 'Unlimited',
      scopes: [],
      usedProductIds: [],
      operationPolicies: { request: [], response: [], fault: [] },
    });
    const expected: Record<string, unknown> = {
      ...Object.fromEntries(Object.entries(sample.data).filter(([key]) => !serverAssigned.includes(key))),
      name: 'Chats',
      context: '/chats',
      version: '1.0.0',
      lifeCycleStatus: 'CREATED',
      apiThrottlingPolicy: 'Unlimited',
      endpointConfig: {
        endpoint_type: 'ws',
        sandbox_endpoints: { url: 'ws://localhost:8080' },
        production_endpoints: { url: 'ws://localhost:8080' },
      },
      scopes: [],
      operations: [operation('SUBSCRIBE'), operation('PUBLISH')],
    };
    assert.equal(created.type, sample.type);
    assert.equal(created.version, sample.version);
    assert.deepEqual(Object.keys(created.data), Object.keys(expected));
    for (const key of Object.keys(expected)) {
      assert.deepEqual(created.data[key], expected[key], `data.${key}`);
    }
  });

  test('deployment_environments.yaml and api_meta.yaml as apictl init writes them (docs/wso2.md 4.2)', () => {
    const project = createApi({
      name: 'Chats',
      context: '/chats',
      version: '1.0.0',
      endpoint: 'ws://localhost:8080',
    });
    const file = (path: string): unknown =>
      parseYaml(project.files.find((entry) => entry.path === path)?.text ?? '');
    assert.equal(project.folder, 'Chats-1.0.0');
    assert.deepEqual(file('deployment_environments.yaml'), {
      type: 'deployment_environments',
      version: 'v4.1.0',
      data: [{ displayOnDevportal: true, deploymentEnvironment: 'Default' }],
    });
    assert.deepEqual(file('api_meta.yaml'), {
      name: 'Chats',
      version: '1.0.0',
      deploy: { import: { update: true, preserveProvider: true } },
    });
  });
});

/** A small WSO2 project: api.yaml with comments and the default topic, and its definition. */
const API = `# kept
type: api
data:
  name: Chats # the API
  context: /chats
  version: 1.0.0
  type: WS
  securityScheme: [oauth2]
  operations:
  - target: /*
    verb: SUBSCRIBE
  - target: /*
    verb: PUBLISH
  categories: []
`;
const DEFINITION_2 = `asyncapi: 2.0.0
info: { title: Chats, version: 1.0.0 }
channels:
  # the default topic
  /*:
    subscribe: {}
    publish: {}`;
const DEFINITION_3 = `asyncapi: 3.0.0
info:
  title: Chats
  version: 1.0.0
channels:
  rooms:
    address: /rooms/{roomID}
operations:
  receive_rooms:
    action: receive
    channel:
      $ref: '#/channels/rooms'
`;

/** An api.yaml operation as addTopic appends it to API's `operations` (dash at column 2). */
function operationText(target: string, verb: string, uriMapping: string): string {
  return `  - id: ""
    target: ${target}
    verb: ${verb}
    authType: Application & Application User
    throttlingPolicy: Unlimited
    scopes: []
    usedProductIds: []
    uriMapping: ${uriMapping}
    operationPolicies:
      request: []
      response: []
      fault: []
`;
}

interface EditCase {
  readonly what: string;
  readonly definition: string;
  readonly edit: (texts: ProjectTexts) => { api?: string; definition?: string };
  /** The changed files' texts; absent: unchanged. */
  readonly api?: string;
  readonly expected?: string;
}

const editCases: readonly EditCase[] = [
  {
    what: 'addTopic on AsyncAPI 2: a channel at the end, operations appended in the sequence style of the file',
    definition: DEFINITION_2,
    edit: (texts) => addTopic(texts, { topic: '/rooms/{id}', types: ['SUB'], uriMapping: '/r/{uri.var.id}' }),
    expected: `${DEFINITION_2}
  /rooms/{id}:
    parameters:
      id:
        description: ""
        schema:
          type: string
    subscribe:
      x-uri-mapping: /r/{uri.var.id}`,
    api: API.replace(
      '  categories: []',
      `${operationText('/rooms/{id}', 'SUBSCRIBE', '/r/{uri.var.id}')}  categories: []`,
    ),
  },
  {
    what: 'addTopic of an existing topic adds the missing verb and a mapping, not a second channel',
    definition: DEFINITION_3,
    edit: (texts) => addTopic(texts, { topic: '/rooms/{roomID}', uriMapping: '/rooms' }),
    api: API.replace(
      '  categories: []',
      `${operationText('/rooms/{roomID}', 'SUBSCRIBE', '/rooms')}${operationText('/rooms/{roomID}', 'PUBLISH', '/rooms')}  categories: []`,
    ),
    expected: `asyncapi: 3.0.0
info:
  title: Chats
  version: 1.0.0
channels:
  rooms:
    address: /rooms/{roomID}
    parameters:
      roomID:
        description: ""
operations:
  receive_rooms:
    action: receive
    channel:
      $ref: '#/channels/rooms'
    x-uri-mapping: /rooms
  send_/rooms/{roomID}:
    action: send
    channel:
      $ref: "#/channels/rooms"
    x-uri-mapping: /rooms
`,
  },
  {
    what: 'deleteTopic on AsyncAPI 3 removes the channel and its operations',
    definition: DEFINITION_3.replace(
      'operations:\n',
      'operations:\n  send_star:\n    action: send\n    channel: { $ref: "#/channels/star" }\n',
    ).replace('channels:\n', 'channels:\n  star:\n    address: /*\n'),
    edit: (texts) => deleteTopic(texts, '/rooms/{roomID}'),
    expected: `asyncapi: 3.0.0
info:
  title: Chats
  version: 1.0.0
channels:
  star:
    address: /*
operations:
  send_star:
    action: send
    channel: { $ref: "#/channels/star" }
`,
  },
  {
    what: 'setAuth with no security opens every topic (WSO2 reads an empty scheme as OAuth2)',
    definition: DEFINITION_2,
    edit: (texts) => setAuth(texts, { security: [] }),
    expected: `${DEFINITION_2}\n    x-auth-type: None`,
    api: API.replace('securityScheme: [oauth2]', 'securityScheme: []').replace(
      /verb: (\w+)\n/g,
      'verb: $1\n    authType: None\n',
    ),
  },
  {
    what: 'setAuth with the scheme it already has and one topic Any',
    definition: DEFINITION_2,
    edit: (texts) =>
      setAuth(
        {
          ...texts,
          api: {
            text: API.replace('[oauth2]', '[oauth_basic_auth_api_key_mandatory, oauth2]'),
            format: 'yaml',
          },
        },
        { security: ['oauth2'], topic: '/*', authType: 'Any' },
      ),
    expected: `${DEFINITION_2}\n    x-auth-type: Any`,
    api: API.replace('[oauth2]', '[oauth_basic_auth_api_key_mandatory, oauth2]').replace(
      /verb: (\w+)\n/g,
      'verb: $1\n    authType: Application & Application User\n',
    ),
  },
];

suite('design edits as data', () => {
  for (const { what, definition, edit, api, expected } of editCases) {
    test(what, () => {
      const result = edit(yamlProject(API, definition));
      assert.equal(result.definition, expected);
      assert.equal(result.api, api);
    });
  }
});

suite('design errors name the field and the fix', () => {
  const cases: ReadonlyArray<[what: string, run: () => unknown, field: string, message: string]> = [
    [
      'deleting the last topic',
      () => deleteTopic(yamlProject(API, DEFINITION_2), '/*'),
      'topic',
      `'/*' is the API's last topic and WSO2 refuses an API without one ("API must have at least one resource defined"): add another topic first.`,
    ],
    [
      'addTopic with an empty types list',
      () => addTopic(yamlProject(API, DEFINITION_2), { topic: '/a', types: [] }),
      'types',
      "types is a non-empty list of 'PUB' and 'SUB'.",
    ],
    [
      'a definition with a syntax error',
      () => addTopic(yamlProject(API, 'asyncapi: 2.0.0\nchannels: {\n'), { topic: '/a' }),
      '',
      'The AsyncAPI definition has a syntax error',
    ],
    [
      'a project that is not a WebSocket API',
      () => addTopic(yamlProject(API.replace('type: WS', 'type: HTTP'), DEFINITION_2), { topic: '/a' }),
      'project',
      'api.yaml describes a HTTP API: the design commands edit WebSocket APIs (type: WS) only.',
    ],
    [
      'a name WSO2 refuses',
      () => createApi({ name: 'A&B', context: '/ab', version: '1', endpoint: 'ws://h' }),
      'name',
      "The API name may not contain '&': remove it.",
    ],
  ];
  for (const [what, run, field, message] of cases) {
    test(what, () => {
      assert.throws(run, (error: unknown) => {
        assert.ok(error instanceof DesignError);
        assert.ok(error.message.startsWith(message), error.message);
        assert.equal(error.field ?? '', field);
        return true;
      });
    });
  }
});

suite('importAsyncApi', () => {
  const document = (version: string): string =>
    `asyncapi: ${version}\ninfo:\n  title: Feed\n  version: '1.0'\nchannels:\n  /feed:\n    subscribe: {}\n`;
  const versions: ReadonlyArray<[string, string | undefined]> = [
    ['2.0.0', undefined],
    ['2.3.0', undefined],
    ['2.6.0', undefined],
    ['2.7.0', 'Unsupported AsyncAPI version: 2.7.0. WSO2 imports 2.0 to 2.6 and 3.0.'],
    ['3.1.0', 'Unsupported AsyncAPI version: 3.1.0. WSO2 imports 2.0 to 2.6 and 3.0.'],
    ['1.2.0', 'Unsupported AsyncAPI version: 1.2.0. WSO2 imports 2.0 to 2.6 and 3.0.'],
  ];
  for (const [version, message] of versions) {
    test(`AsyncAPI ${version}: ${message ?? 'imported'}`, () => {
      const run = (): unknown =>
        importAsyncApi(
          { text: document(version), format: 'yaml' },
          { context: '/feed', endpoint: 'ws://h:1' },
        );
      if (message === undefined) {
        assert.equal((run() as { folder: string }).folder, 'Feed-1.0');
      } else {
        assert.throws(run, { message });
      }
    });
  }

  test('AsyncAPI 3.0: send and receive operations, availableScopes and bindings become api.yaml fields', () => {
    const project = importAsyncApi(
      {
        text: `asyncapi: 3.0.0
info: { title: Desk, version: 3.0.0 }
channels:
  tickets: { address: '/tickets/{id}', x-auth-type: None, parameters: { id: {} } }
operations:
  receive_tickets: { action: receive, channel: { $ref: '#/channels/tickets' }, x-uri-mapping: '/t/{uri.var.id}' }
  send_tickets: { action: send, channel: { $ref: '#/channels/tickets' }, x-scopes: [agent] }
components:
  securitySchemes:
    oauth2:
      type: oauth2
      flows:
        implicit: { authorizationUrl: http://localhost:9999, availableScopes: { agent: Agents }, x-scopes-bindings: { agent: staff } }
`,
        format: 'yaml',
      },
      { context: 'desk', endpoint: 'wss://desk.example.com' },
    );
    const api = parseYaml(project.files[0]?.text ?? '') as { data: Record<string, unknown> };
    assert.equal(api.data['context'], '/desk');
    assert.deepEqual(api.data['scopes'], [
      {
        scope: { name: 'agent', displayName: 'agent', description: 'Agents', bindings: ['staff'] },
        shared: false,
      },
    ]);
    const operations = api.data['operations'] as Array<Record<string, unknown>>;
    assert.deepEqual(
      operations.map((operation) => [
        operation['verb'],
        operation['authType'],
        operation['scopes'],
        operation['uriMapping'],
      ]),
      [
        ['SUBSCRIBE', 'None', [], '/t/{uri.var.id}'],
        ['PUBLISH', 'None', ['agent'], undefined],
      ],
    );
  });

  test("AsyncAPI 3.0: the servers become WSO2's, and channels stop naming the ones that are gone", () => {
    const project = importAsyncApi(
      {
        text: `asyncapi: 3.0.0
info: { title: Desk, version: 3.0.0 }
servers:
  kafka: { host: 'k.example.com', protocol: kafka }
  edge: { host: 'edge.example.com', protocol: wss }
channels:
  tickets: { address: /tickets, servers: [{ $ref: '#/servers/kafka' }] }
operations:
  receive_tickets: { action: receive, channel: { $ref: '#/channels/tickets' } }
`,
        format: 'yaml',
      },
      { context: '/desk', endpoint: 'wss://desk.example.com:8443/live?token=x' },
    );
    const definition = parseYaml(project.files[1]?.text ?? '') as Record<string, Record<string, unknown>>;
    assert.deepEqual(definition['servers'], {
      production: { host: 'desk.example.com:8443', pathname: '/live', protocol: 'ws' },
      sandbox: { host: 'desk.example.com:8443', pathname: '/live', protocol: 'ws' },
    });
    assert.deepEqual(definition['channels'], { tickets: { address: '/tickets' } });
  });

  test("an x-scopes entry the implicit flow does not declare: WSO2's 'Scope ... not found.'", () => {
    const text = `asyncapi: 3.0.0
info: { title: Desk, version: 3.0.0 }
channels:
  tickets: { address: /tickets }
operations:
  send_tickets: { action: send, channel: { $ref: '#/channels/tickets' }, x-scopes: [agent, boss] }
components:
  securitySchemes:
    oauth2:
      type: oauth2
      flows:
        implicit: { authorizationUrl: http://localhost:9999, availableScopes: { agent: Agents } }
`;
    assert.throws(() => importAsyncApi({ text, format: 'yaml' }, { context: '/desk', endpoint: 'ws://h' }), {
      message:
        "Scope 'boss' not found. WSO2 refuses the import: declare it under components.securitySchemes.oauth2.flows.implicit.availableScopes, or remove it from x-scopes.",
    });
  });

  test('a document without channels is refused as WSO2 refuses it', () => {
    assert.throws(
      () =>
        importAsyncApi(
          { text: 'asyncapi: 2.0.0\ninfo: { title: Empty, version: 1.0.0 }\nchannels: {}\n', format: 'yaml' },
          { context: '/e', endpoint: 'ws://h' },
        ),
      { message: 'The document has no channels, and WSO2 needs at least one topic: add a channel first.' },
    );
  });
});

suite('exportAsyncApi', () => {
  test('YAML to JSON and back gives the same value; the own format is the text as it is', () => {
    const source = { text: SAMPLE_DEFINITION, format: 'yaml' as const };
    assert.equal(exportAsyncApi(source, 'yaml'), SAMPLE_DEFINITION);
    const json = exportAsyncApi(source, 'json');
    assert.deepEqual(JSON.parse(json), parseYaml(SAMPLE_DEFINITION));
    assert.deepEqual(
      parseYaml(exportAsyncApi({ text: json, format: 'json' }, 'yaml')),
      parseYaml(SAMPLE_DEFINITION),
    );
  });
});

suite('exportApiProject', () => {
  const files = [
    { path: 'api.yaml', text: SAMPLE_API },
    { path: 'Definitions/asyncapi.yaml', text: SAMPLE_DEFINITION },
  ];
  test('a .zip with the folder <name>-<version> and the files at their paths', () => {
    const entries = unzipSync(exportApiProject(yamlProject(SAMPLE_API, SAMPLE_DEFINITION), files));
    assert.deepEqual(
      Object.fromEntries(Object.entries(entries).map(([path, bytes]) => [path, strFromU8(bytes)])),
      {
        'WebSocket-1.0.0/api.yaml': SAMPLE_API,
        'WebSocket-1.0.0/Definitions/asyncapi.yaml': SAMPLE_DEFINITION,
      },
    );
  });

  test('a project with errors is refused with the first one', () => {
    const api = SAMPLE_API.replace(
      'production_endpoints:\n      url: ws://',
      'production_endpoints:\n      url: http://',
    );
    assert.throws(() => exportApiProject(yamlProject(api, SAMPLE_DEFINITION), files), {
      message:
        "The project cannot be exported: production_endpoints.url must be a ws:// or wss:// URL such as ws://localhost:8080, not 'http://ws.ifelse.io:80'. Fix it first.",
    });
  });
});
