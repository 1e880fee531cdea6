import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { lineColumn, loadApiProjects, ProjectLoadError } from '../../../gateway/src/projectLoader';
import { REPO_ROOT } from '../../support/paths';

const FIXTURES = join('test', 'fixtures', 'projects');

function loadError(path: string): string {
  try {
    loadApiProjects([path], REPO_ROOT);
  } catch (error) {
    assert.ok(error instanceof ProjectLoadError);
    return error.message;
  }
  throw new Error(`${path} loaded without error`);
}

suite('loadApiProjects', () => {
  test('loads the example API project from its folder or its api.yaml', () => {
    for (const path of ['examples/chat-api', 'examples/chat-api/api.yaml', 'examples']) {
      const { apis, notes } = loadApiProjects([path], REPO_ROOT);
      assert.deepEqual(notes, []);
      assert.equal(apis.length, 1, path);
      assert.equal(apis[0]?.source, join('examples', 'chat-api', 'api.yaml'));
      assert.deepEqual(
        apis[0]?.api.topics.map((topic) => [
          topic.name,
          topic.uriMapping,
          topic.authType,
          topic.examples.length,
        ]),
        [
          ['/notifications', '/notifications', 'None', 2],
          ['/rooms/{roomID}', '/rooms?room={uri.var.roomID}', 'None', 2],
        ],
      );
    }
  });

  test('reads auth types, and scopes from x-scopes (index-keyed) or else from the api.yaml operations', () => {
    const { apis } = loadApiProjects([join(FIXTURES, 'secured')], REPO_ROOT);
    assert.deepEqual(apis[0]?.api.securityScheme, [
      'oauth2',
      'api_key',
      'oauth_basic_auth_api_key_mandatory',
    ]);
    assert.deepEqual(
      apis[0]?.api.topics.map((topic) => [topic.name, topic.authType, topic.scopes]),
      [
        ['/open', 'None', undefined],
        ['/orders', 'Any', ['creator']],
        ['/popular', 'Any', ['reader']],
        ['/*', 'Any', undefined],
      ],
    );
  });

  test('searches folders, skipping node_modules and noting non-WS projects', () => {
    const { apis, notes } = loadApiProjects([join(FIXTURES, 'nested')], REPO_ROOT);
    assert.deepEqual(
      apis.map((served) => served.source),
      [join(FIXTURES, 'nested', 'streaming', 'news', 'api.yaml')],
    );
    assert.deepEqual(notes, [
      `${join(FIXTURES, 'nested', 'rest', 'pizza', 'api.yaml')}: skipped: type HTTP, not a WebSocket (WS) API.`,
    ]);
  });

  const failures: ReadonlyArray<{ project: string; message: string }> = [
    {
      project: 'missing-context',
      message: "api.yaml:3:1: error: data.context is missing: add 'context:' under 'data:'.",
    },
    {
      project: 'http-endpoint',
      message:
        "api.yaml:10:12: error: production_endpoints.url must be a ws:// or wss:// URL such as ws://localhost:8080, not 'http://localhost:8080'.",
    },
    {
      project: 'bad-mapping',
      message:
        'api.json:10:73: error: The URL mapping of /rooms/{roomID} uses {uri.var.room} but the topic has no {room}: use one of {uri.var.roomID} or add it to the topic.',
    },
  ];
  for (const { project, message } of failures) {
    test(`${project} stops loading with file:line:column and the fix`, () => {
      assert.ok(
        loadError(join(FIXTURES, project)).includes(`${join(FIXTURES, project)}/${message}`),
        loadError(join(FIXTURES, project)),
      );
    });
  }

  test('broken YAML stops loading with file:line:column (written here: the format check skips no fixture)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'wsapi-broken-'));
    try {
      mkdirSync(join(folder, 'broken'));
      writeFileSync(
        join(folder, 'broken', 'api.yaml'),
        'type: api\ndata:\n  name: Broken\n  context: /broken\n    version: 1.0.0\n',
      );
      assert.match(
        loadError(join(folder, 'broken')),
        /^.*broken\/api\.yaml:4:12: error: Nested mappings are not allowed in compact mappings\.$/m,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a missing path and a folder without projects say what to give instead', () => {
    assert.match(loadError('no/such/folder'), /^no\/such\/folder does not exist: give an API project folder/);
    assert.match(loadError('gateway'), /^No API project \(a folder with api\.yaml\) found in gateway/);
    assert.match(
      loadError('tsconfig.json'),
      /^tsconfig\.json is neither an api\.yaml nor an AsyncAPI document .*: give the API project folder \(the one with api\.yaml\) or an AsyncAPI file instead\.$/,
    );
  });

  test('a project with errors is skipped with its reasons; the others are served', () => {
    const { apis, skipped } = loadApiProjects(
      [join(FIXTURES, 'missing-context'), 'examples/chat-api'],
      REPO_ROOT,
    );
    assert.deepEqual(
      apis.map((served) => served.source),
      [join('examples', 'chat-api', 'api.yaml')],
    );
    assert.deepEqual(skipped, [
      {
        source: join(FIXTURES, 'missing-context', 'api.yaml'),
        reasons: [
          `${join(FIXTURES, 'missing-context', 'api.yaml')}:3:1: error: data.context is missing: add 'context:' under 'data:'.`,
        ],
      },
    ]);
  });

  test('a project on the base path of one before it is skipped with the clash', () => {
    const folder = mkdtempSync(join(tmpdir(), 'wsapi-twin-'));
    try {
      cpSync(join(REPO_ROOT, 'examples', 'chat-api'), join(folder, 'twin'), { recursive: true });
      const { apis, skipped } = loadApiProjects(['examples/chat-api', join(folder, 'twin')], REPO_ROOT);
      assert.deepEqual(
        apis.map((served) => served.source),
        [join('examples', 'chat-api', 'api.yaml')],
      );
      assert.equal(skipped.length, 1);
      assert.match(
        skipped[0]?.reasons.join('\n') ?? '',
        /^.*twin\/api\.yaml and examples\/chat-api\/api\.yaml both serve \/chats\/1\.0\.0 .*: change the context or version of one of them/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a 4.0-era export (endpoint_type http, policies [Unlimited]) is served, following WSO2 4.0', () => {
    const { apis, notes, skipped } = loadApiProjects([join(FIXTURES, 'wso2-4.0-export')], REPO_ROOT);
    assert.deepEqual(skipped, []);
    assert.deepEqual(apis[0]?.follows, { version: '4.0', because: 'api.yaml version v4.0.0' });
    assert.deepEqual(
      notes.map((note) => note.replace(/^.*api\.yaml:\d+:\d+: /, '')),
      [
        "warning: endpoint_type 'http' is what WSO2 4.0 exported for WebSocket APIs; 4.1 and later write 'ws': set it to 'ws'.",
        "warning: 'Unlimited' is a policy for REST APIs (WSO2 4.0 exported WebSocket APIs with it): streaming APIs get Async policies, e.g. 'AsyncUnlimited'.",
      ],
    );
  });

  test('--wso2-version makes every API follow that version', () => {
    const { apis } = loadApiProjects(['examples/chat-api'], REPO_ROOT, { wso2Version: '4.2' });
    assert.deepEqual(apis[0]?.follows, { version: '4.2', because: '--wso2-version' });
  });

  test('lineColumn counts from 1', () => {
    assert.deepEqual(lineColumn('ab\ncd', 0), { line: 1, column: 1 });
    assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
  });
});
