import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import {
  givenArguments,
  isDesignCommand,
  missingFields,
  suggestedContext,
} from '../../../client/src/design/designArguments';
import { apiTree, usedContexts } from '../../../client/src/views/apiTree';
import type { ApiProjectSummary } from '../../../core/src/protocol';

const CHATS: ApiProjectSummary = {
  folder: 'file:///w/Chats-1.0.0',
  apiFile: 'file:///w/Chats-1.0.0/api.yaml',
  definition: 'file:///w/Chats-1.0.0/Definitions/asyncapi.yaml',
  name: 'Chats',
  version: '1.0.0',
  context: '/chats',
  securityScheme: ['oauth2', 'api_key'],
  topics: [
    { name: '/notifications', verbs: ['SUBSCRIBE'], authType: 'None' },
    {
      name: '/rooms/{roomID}',
      verbs: ['SUBSCRIBE', 'PUBLISH'],
      uriMapping: '/rooms?room={uri.var.roomID}',
      scopes: ['creator'],
    },
  ],
};
const BROKEN: ApiProjectSummary = {
  folder: 'file:///w/broken',
  apiFile: 'file:///w/broken/api.yaml',
  name: 'broken',
  securityScheme: [],
  topics: [],
  problem: 'data.context is missing: add it.',
};

void suite('WebSocket APIs view: rows as data', () => {
  void test('a project row: name, version and context, its topics with PUB/SUB and URL mapping', () => {
    const [chats] = apiTree([CHATS]);
    assert.ok(chats);
    assert.deepEqual(
      {
        label: chats.label,
        description: chats.description,
        contextValue: chats.contextValue,
        broken: chats.broken,
      },
      { label: 'Chats', description: '1.0.0 /chats', contextValue: 'wsapiProject', broken: false },
    );
    assert.equal(chats.tooltip, 'Chats 1.0.0\ncontext: /chats\nsecurity: oauth2, api_key\n2 topics');
    assert.deepEqual(
      chats.children.map(({ id, label, description, contextValue }) => ({
        id,
        label,
        description,
        contextValue,
      })),
      [
        {
          id: 'file:///w/Chats-1.0.0#/notifications',
          label: '/notifications',
          description: 'SUB (no auth)',
          contextValue: 'wsapiTopic',
        },
        {
          id: 'file:///w/Chats-1.0.0#/rooms/{roomID}',
          label: '/rooms/{roomID}',
          description: 'PUB SUB → /rooms?room={uri.var.roomID}',
          contextValue: 'wsapiTopic',
        },
      ],
    );
    assert.equal(
      chats.children[1]?.tooltip,
      '/rooms/{roomID}: PUB SUB\nURL mapping: /rooms?room={uri.var.roomID}\nauth type: Any\nscopes: creator',
    );
  });

  void test('a project that cannot be served says so, with the reason in its tooltip', () => {
    const [broken] = apiTree([BROKEN]);
    assert.equal(broken?.description, '(not servable)');
    assert.equal(broken?.broken, true);
    assert.match(broken?.tooltip ?? '', /Problem: data\.context is missing: add it\.$/);
    assert.deepEqual(usedContexts([CHATS, BROKEN]), [{ context: '/chats', version: '1.0.0' }]);
  });
});

void suite('design commands: what a run was given', () => {
  void test('an argument object, a view row, an Explorer file or nothing (the palette)', () => {
    const [chats] = apiTree([CHATS]);
    assert.ok(chats);
    assert.deepEqual(givenArguments('wsapi.addTopic', chats), {
      args: { project: CHATS.folder },
      from: 'view',
    });
    assert.deepEqual(givenArguments('wsapi.deleteTopic', chats.children[1]), {
      args: { project: CHATS.folder, topic: '/rooms/{roomID}' },
      from: 'view',
    });
    const file = {
      scheme: 'file',
      path: '/w/chat.asyncapi.yaml',
      toString: () => 'file:///w/chat.asyncapi.yaml',
    };
    assert.deepEqual(givenArguments('wsapi.importAsyncApi', file), {
      args: { source: 'file:///w/chat.asyncapi.yaml' },
      from: 'view',
    });
    assert.deepEqual(givenArguments('wsapi.createApi', { name: 'A' }), {
      args: { name: 'A' },
      from: 'arguments',
    });
    assert.deepEqual(givenArguments('wsapi.createApi', undefined), { args: {}, from: 'palette' });
    assert.equal(isDesignCommand('wsapi.createApi'), true);
    assert.equal(isDesignCommand('wsapi.startGateway'), false);
  });

  const cases: {
    command: Parameters<typeof missingFields>[0];
    args: Record<string, unknown>;
    missing: string[];
  }[] = [
    {
      command: 'wsapi.createApi',
      args: { folder: 'file:///w', name: 'A', context: '/a', version: '1', endpoint: 'ws://x' },
      missing: [],
    },
    {
      command: 'wsapi.createApi',
      args: { name: 'A', context: '' },
      missing: ['folder', 'context', 'version', 'endpoint'],
    },
    { command: 'wsapi.addTopic', args: { project: 'p' }, missing: ['topic'] },
    { command: 'wsapi.setAuth', args: { project: 'p', security: [] }, missing: [] },
    { command: 'wsapi.setAuth', args: { project: 'p', topic: '/a' }, missing: ['authType'] },
    { command: 'wsapi.importAsyncApi', args: { source: 's' }, missing: ['folder', 'context', 'endpoint'] },
    { command: 'wsapi.exportAsyncApi', args: { project: 'p', format: 'json' }, missing: ['target'] },
  ];
  for (const { command, args, missing } of cases) {
    void test(`${command} ${JSON.stringify(args)} misses ${missing.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(missingFields(command, args), missing);
    });
  }

  void test('the suggested context of a name', () => {
    assert.equal(suggestedContext('Chat Rooms'), '/chat-rooms');
    assert.equal(suggestedContext(' Stock Ticker v2! '), '/stock-ticker-v2');
  });
});
