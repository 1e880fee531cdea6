import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import type { ApiProjectSummary } from '../../../core/src/protocol';
import { summarizeApiProject, summarizeApiProjects } from '../../../server/src/features/apiProjectsFeature';
import { findProjectFileUris, readFileUri } from '../../../server/src/node/nodeRuntime';
import { REPO_ROOT } from '../../support/paths';
import { apiYamlText, ROOM_SUBSCRIBE } from '../../support/apiYamlFixture';

const PROJECTS = pathToFileURL(join(REPO_ROOT, 'test', 'fixtures', 'projects')).href;

const API_YAML = apiYamlText({
  wso2Version: null,
  operations: [ROOM_SUBSCRIBE, { ...ROOM_SUBSCRIBE, verb: 'PUBLISH' }],
});

void suite('wsapi/apiProjects: the WebSocket APIs view data', () => {
  void test('the fixture projects: WebSocket APIs by name with their topics; REST APIs left out', () => {
    const summaries = summarizeApiProjects(findProjectFileUris([PROJECTS]), readFileUri);
    // Other tests add fixture projects: these must be among them, in name order, and the REST API never.
    const listed = summaries.map(({ name, folder }) => `${name} ${folder.slice(PROJECTS.length)}`);
    assert.deepEqual(
      listed,
      [...listed].sort((a, b) => a.localeCompare(b)),
      'sorted by name',
    );
    for (const expected of [
      'HttpEndpoint /http-endpoint',
      'Keys /apikey-only',
      'News /nested/streaming/news',
      'NoContext /missing-context',
      'Orders /secured',
    ]) {
      assert.ok(listed.includes(expected), `${expected} is listed: ${listed.join(', ')}`);
    }
    assert.ok(
      !listed.some((entry) => entry.startsWith('Pizza ')),
      'the REST API Pizza (type HTTP) is left out',
    );
    const orders = summaries.find((summary) => summary.name === 'Orders');
    assert.ok(orders);
    assert.equal(orders.folder, `${PROJECTS}/secured`);
    assert.equal(orders.definition, `${PROJECTS}/secured/Definitions/asyncapi.yaml`);
    assert.deepEqual(orders.securityScheme, ['oauth2', 'api_key', 'oauth_basic_auth_api_key_mandatory']);
    assert.deepEqual(
      orders.topics.map(({ name, verbs, authType, scopes }) => ({ name, verbs, authType, scopes })),
      [
        { name: '/open', verbs: ['SUBSCRIBE', 'PUBLISH'], authType: 'None', scopes: undefined },
        { name: '/orders', verbs: ['SUBSCRIBE', 'PUBLISH'], authType: 'Any', scopes: ['creator'] },
        { name: '/popular', verbs: ['SUBSCRIBE'], authType: 'Any', scopes: ['reader'] },
        { name: '/*', verbs: ['SUBSCRIBE', 'PUBLISH'], authType: 'Any', scopes: undefined },
      ],
    );
    const noContext = summaries.find((summary) => summary.name === 'NoContext');
    assert.ok(noContext?.problem?.includes('data.context is missing'), JSON.stringify(noContext));
    assert.equal(noContext?.context, undefined);
  });

  void test('a project reads its open text: topics and URL mappings as api.yaml has them now', () => {
    const summary = summarizeApiProject('file:///w/chats/api.yaml', API_YAML, undefined, undefined);
    const expected: ApiProjectSummary = {
      folder: 'file:///w/chats',
      apiFile: 'file:///w/chats/api.yaml',
      name: 'Chats',
      version: '1.0.0',
      context: '/chats',
      securityScheme: [],
      topics: [
        {
          name: '/rooms/{roomID}',
          verbs: ['SUBSCRIBE', 'PUBLISH'],
          uriMapping: '/rooms?room={uri.var.roomID}',
        },
      ],
    };
    assert.deepEqual(summary, expected);
  });

  void test('a broken api.yaml still lists the project, by its folder name, with the reason', () => {
    const summary = summarizeApiProject(
      'file:///w/my%20api/api.yaml',
      'type: api\ndata: [',
      undefined,
      undefined,
    );
    assert.equal(summary?.name, 'my api');
    assert.ok(summary?.problem !== undefined && summary.problem.length > 0, JSON.stringify(summary));
  });

  void test('a project on the context and version of another is not servable, naming the other', () => {
    const texts: Record<string, string> = {
      'file:///w/a/api.yaml': API_YAML,
      'file:///w/b/api.yaml': API_YAML.replace('name: Chats', 'name: Twin').replace(
        'context: /chats',
        'context: /chats/',
      ),
      'file:///w/c/api.yaml': API_YAML.replace('version: 1.0.0', 'version: 2.0.0'),
    };
    const summaries = summarizeApiProjects(Object.keys(texts).reverse(), (uri) => texts[uri]);
    assert.deepEqual(
      summaries.map(({ name, version, problem }) => [name, version, problem]),
      [
        ['Chats', '1.0.0', undefined],
        ['Chats', '2.0.0', undefined],
        [
          'Twin',
          '1.0.0',
          'file:///w/a/api.yaml has context /chats/ and version 1.0.0 too: a gateway serves that one and skips this one. Change the context or the version of one.',
        ],
      ],
    );
  });

  void test('an api.yaml that is gone or not an API project is not listed', () => {
    assert.equal(summarizeApiProject('file:///w/a/api.yaml', undefined, undefined, undefined), undefined);
    assert.equal(
      summarizeApiProject(
        'file:///w/a/api.yaml',
        'type: api\ndata: {type: HTTP, name: R}',
        undefined,
        undefined,
      ),
      undefined,
    );
  });
});
