import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import type { GatewayRoute } from '../../../client/src/gateway/gatewayProcess';
import {
  chooseCredential,
  chooseTarget,
  chooseUrl,
  tryTopicArgs,
  type TryTarget,
} from '../../../client/src/gateway/tryTopicFlow';
import { apiTree } from '../../../client/src/views/apiTree';
import type { ApiProjectSummary } from '../../../core/src/protocol';
import { scriptedQuestions, type Step } from '../../support/scriptedQuestions';

const CHATS: ApiProjectSummary = {
  folder: 'file:///w/Chats-1.0.0',
  apiFile: 'file:///w/Chats-1.0.0/api.yaml',
  name: 'Chats',
  version: '1.0.0',
  context: '/chats',
  securityScheme: ['oauth2', 'api_key'],
  topics: [
    { name: '/rooms/{roomID}', verbs: ['SUBSCRIBE', 'PUBLISH'] },
    { name: '/*', verbs: ['SUBSCRIBE'], authType: 'None' },
  ],
};
const NEWS: ApiProjectSummary = {
  ...CHATS,
  folder: 'file:///w/News',
  apiFile: 'file:///w/News/api.yaml',
  name: 'News',
  context: '/news',
};
const BROKEN: ApiProjectSummary = { ...NEWS, folder: 'file:///w/B', name: 'Broken', problem: 'no context' };
const ROUTES: GatewayRoute[] = [
  { url: 'ws://127.0.0.1:9099/chats/1.0.0/rooms/{roomID}', backend: '(mock)' },
  { url: 'ws://127.0.0.1:9099/chats/1.0.0/*', backend: '(mock)' },
];
const ROOMS: TryTarget = { project: CHATS, topic: CHATS.topics[0] ?? { name: '', verbs: [] } };
const ALL: TryTarget = { project: CHATS, topic: CHATS.topics[1] ?? { name: '', verbs: [] } };

async function run<T>(
  steps: readonly Step[],
  flow: (script: ReturnType<typeof scriptedQuestions>) => Promise<T>,
) {
  const script = scriptedQuestions(steps);
  const result = await flow(script);
  script.done();
  return { result, said: script.said };
}

void suite('Try Topic: the questions, tested as data', () => {
  void test('the arguments of a run: an object, or a view row', () => {
    const [row] = apiTree([CHATS]);
    assert.deepEqual(tryTopicArgs(row?.children[0]), { project: CHATS.folder, topic: '/rooms/{roomID}' });
    assert.deepEqual(tryTopicArgs({ topic: '/a', parameters: { id: 7 }, messages: ['x'], path: '' }), {
      topic: '/a',
      parameters: { id: '7' },
      messages: ['x'],
      path: '',
    });
    assert.deepEqual(tryTopicArgs(undefined), {});
  });

  void test('the API among the servable ones, then its topic; named ones are checked', async () => {
    const picked = await run(
      [
        { pick: /^The API$/, answer: 'News' },
        { pick: /topic of News/, answer: '/*' },
      ],
      ({ questions }) => chooseTarget({}, [CHATS, NEWS, BROKEN], questions),
    );
    assert.equal(picked.result?.project, NEWS);
    assert.equal(picked.result?.topic.name, '/*');
    const unknown = await run([], ({ questions }) =>
      chooseTarget({ project: CHATS.folder, topic: '/x' }, [CHATS], questions),
    );
    assert.equal(unknown.result, undefined);
    assert.deepEqual(unknown.said, [
      'error: WebSocket API: Chats has no topic /x: pick one of /rooms/{roomID}, /*.',
    ]);
    const none = await run([], ({ questions }) => chooseTarget({}, [BROKEN], questions));
    assert.match(none.said[0] ?? '', /no API project can be served/);
  });

  void test('no stored credential: the kind the API takes, then the secret, hidden, to keep', async () => {
    const { result } = await run(
      [
        { pick: /needs credentials: which kind/, answer: 'API key' },
        {
          input: /the API key the local gateway accepts/,
          password: true,
          typed: [[' ', /Enter an API key/]],
          answer: ' k1 ',
        },
      ],
      ({ questions }) => chooseCredential(ROOMS, {}, questions),
    );
    assert.deepEqual(result, {
      credential: { kind: 'apiKey', value: 'k1' },
      store: { kind: 'apiKey', value: 'k1' },
    });
  });

  void test('a stored credential, or an open topic: nothing is asked', async () => {
    const stored = await run([], ({ questions }) => chooseCredential(ROOMS, { oauth2Token: 't' }, questions));
    assert.deepEqual(stored.result, { credential: { kind: 'oauth2', value: 't' } });
    const open = await run([], ({ questions }) => chooseCredential(ALL, {}, questions));
    assert.deepEqual(open.result, { credential: { kind: 'none' } });
  });

  void test("the URL: each parameter asked unless given, a '/*' topic's sub-path", async () => {
    const asked = await run(
      [{ input: /value of \{roomID\}/, typed: [['', /needs a value/]], answer: 'lobby 1' }],
      ({ questions }) => chooseUrl(ROUTES, ROOMS, {}, questions),
    );
    assert.equal(asked.result, 'ws://127.0.0.1:9099/chats/1.0.0/rooms/lobby%201');
    const given = await run([], ({ questions }) =>
      chooseUrl(ROUTES, ROOMS, { parameters: { roomID: 'a' } }, questions),
    );
    assert.equal(given.result, 'ws://127.0.0.1:9099/chats/1.0.0/rooms/a');
    const wildcard = await run(
      [{ input: /path under ws:\/\/127\.0\.0\.1:9099\/chats\/1\.0\.0/, answer: 'news' }],
      ({ questions }) => chooseUrl(ROUTES, ALL, {}, questions),
    );
    assert.equal(wildcard.result, 'ws://127.0.0.1:9099/chats/1.0.0/news');
  });

  void test('a topic the running gateway does not serve: the user is told to restart it', async () => {
    const { result, said } = await run([], ({ questions }) => chooseUrl([], ROOMS, {}, questions));
    assert.equal(result, undefined);
    assert.match(said[0] ?? '', /does not serve \/rooms\/\{roomID\} of Chats.*Stop and start the gateway/);
  });
});
