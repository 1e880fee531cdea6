import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { givenArguments, type DesignArgs } from '../../../client/src/design/designArguments';
import { completeArguments } from '../../../client/src/design/designQuestions';
import type { DesignCommand } from '../../../core/src/design/commands';
import type { ApiProjectSummary } from '../../../core/src/protocol';
import { scriptedQuestions, type Step } from '../../support/scriptedQuestions';

const project = (
  name: string,
  context: string,
  topics: string[],
  securityScheme: string[] = [],
): ApiProjectSummary => ({
  folder: `file:///w/${name}-1.0.0`,
  apiFile: `file:///w/${name}-1.0.0/api.yaml`,
  definition: `file:///w/${name}-1.0.0/Definitions/asyncapi.yaml`,
  name,
  version: '1.0.0',
  context,
  securityScheme,
  topics: topics.map((topic) => ({ name: topic, verbs: ['SUBSCRIBE', 'PUBLISH'] })),
});
const CHATS = project('Chats', '/chats', ['/*', '/rooms/{roomID}'], ['api_key']);
const NEWS = project('News', '/news', ['/headlines']);

/** Runs a command's questions against a script. */
async function play(
  command: DesignCommand,
  first: unknown,
  projects: readonly ApiProjectSummary[],
  steps: readonly Step[],
): Promise<{ args: DesignArgs | undefined; said: string[] }> {
  const script = scriptedQuestions(steps);
  const args = await completeArguments(
    command,
    givenArguments(command, first),
    { projects: () => Promise.resolve(projects) },
    script.questions,
  );
  script.done();
  return { args, said: script.said };
}

void suite('design commands: the questions for what is missing, checked as you type', () => {
  void test('createApi from the palette: every field, with the rules and the workspace contexts', async () => {
    const { args } = await play(
      'wsapi.createApi',
      undefined,
      [CHATS],
      [
        { folder: true, answer: 'file:///w' },
        {
          input: /API name/,
          typed: [
            ['', /name is required/],
            ['Chat/Rooms', /may not contain '\/'/],
            ['Chat Rooms', undefined],
          ],
          answer: 'Chat Rooms',
        },
        { input: /version/, value: '1.0.0', typed: [['1 0', /may not contain ' '/]], answer: '1.0.0' },
        {
          input: /context/,
          value: '/chat-rooms',
          typed: [
            ['/chats', /has context '\/chats' and version 1\.0\.0: choose another context or version/],
            ['/chats-{version}', /whole path segment/],
            ['/{version}/chat-rooms', undefined],
          ],
          answer: ' /chat-rooms ',
        },
        {
          input: /endpoint/,
          typed: [
            ['http://localhost:8080', /ws:\/\/ or wss:\/\//],
            ['wss://chat.example.com', undefined],
          ],
          answer: 'ws://localhost:8080',
        },
        { pick: /AsyncAPI version/, answer: '3.0.0' },
      ],
    );
    assert.deepEqual(args, {
      folder: 'file:///w',
      name: 'Chat Rooms',
      version: '1.0.0',
      context: '/chat-rooms',
      endpoint: 'ws://localhost:8080',
      asyncapiVersion: '3.0.0',
    });
  });

  void test('createApi: "step k of n", and Back returns to the previous question with its answer kept', async () => {
    const { args } = await play(
      'wsapi.createApi',
      { folder: 'file:///w' },
      [CHATS],
      [
        { input: /API name/, step: [1, 5], answer: 'Lobby' },
        { input: /version/, value: '1.0.0', step: [2, 5], back: true, answer: undefined },
        { input: /API name/, value: 'Lobby', step: [1, 5], answer: 'Hall' },
        { input: /version/, value: '1.0.0', step: [2, 5], answer: '2.0.0' },
        { input: /context/, value: '/hall', step: [3, 5], answer: '/big-hall' },
        { input: /endpoint/, step: [4, 5], back: true, answer: undefined },
        { input: /context/, value: '/big-hall', step: [3, 5], back: true, answer: undefined },
        { input: /version/, value: '2.0.0', step: [2, 5], answer: '2.0.0' },
        { input: /context/, value: '/big-hall', step: [3, 5], answer: '/big-hall' },
        { input: /endpoint/, step: [4, 5], answer: 'ws://localhost:8080' },
        { pick: /AsyncAPI version/, step: [5, 5], answer: '3.0.0' },
      ],
    );
    assert.deepEqual(args, {
      folder: 'file:///w',
      name: 'Hall',
      version: '2.0.0',
      context: '/big-hall',
      endpoint: 'ws://localhost:8080',
      asyncapiVersion: '3.0.0',
    });
  });

  void test('setAuth: the number of steps follows the answers; Back to "What to set" keeps its pick', async () => {
    const { args } = await play(
      'wsapi.setAuth',
      undefined,
      [CHATS, NEWS],
      [
        { pick: /^The API$/, step: [1, 4], answer: 'Chats' },
        { pick: /What to set/, step: [2, 4], answer: 'api' },
        { pickMany: /Runtime security/, step: [3, 3], picked: ['api_key'], back: true, answer: undefined },
        { pick: /What to set/, step: [2, 4], active: 'api', answer: 'topic' },
        { pick: /topic of Chats/, step: [3, 4], answer: '/*' },
        { pick: /auth type of \/\*/, step: [4, 4], back: true, answer: undefined },
        { pick: /topic of Chats/, step: [3, 4], active: '/*', answer: '/rooms/{roomID}' },
        { pick: /auth type of \/rooms/, step: [4, 4], answer: 'None' },
      ],
    );
    assert.deepEqual(args, { project: CHATS.folder, topic: '/rooms/{roomID}', authType: 'None' });
  });

  void test('addTopic: Back to the operations keeps what was picked; an empty URL mapping is left out', async () => {
    const { args } = await play(
      'wsapi.addTopic',
      { project: NEWS.folder },
      [NEWS],
      [
        { input: /topic of News/, step: [1, 3], answer: '/alerts' },
        { pickMany: /operations/, step: [2, 3], picked: ['PUB', 'SUB'], answer: ['SUB'] },
        { input: /URL mapping/, step: [3, 3], back: true, answer: undefined },
        { pickMany: /operations/, step: [2, 3], picked: ['SUB'], answer: ['SUB'] },
        { input: /URL mapping/, step: [3, 3], answer: '' },
      ],
    );
    assert.deepEqual(args, { project: NEWS.folder, topic: '/alerts', types: ['SUB'] });
  });

  void test('createApi of version 2.0.0 of an API takes the context of its 1.0.0', async () => {
    const { args } = await play(
      'wsapi.createApi',
      { folder: 'file:///w', name: 'Chats', version: '2.0.0' },
      [CHATS],
      [
        { input: /context/, value: '/chats', typed: [['/chats', undefined]], answer: '/chats' },
        { input: /endpoint/, answer: 'ws://localhost:8080' },
        { pick: /AsyncAPI version/, answer: '2.0.0' },
      ],
    );
    assert.equal(args?.['context'], '/chats');
  });

  void test('createApi: a name and version that exist already are refused at the version step', async () => {
    const { args } = await play(
      'wsapi.createApi',
      { folder: 'file:///w', name: 'Chats' },
      [CHATS],
      [
        {
          input: /version/,
          value: '1.0.0',
          typed: [
            ['1.0.0', /Chats 1\.0\.0 exists already \(Chats-1\.0\.0\): give another version/],
            ['2.0.0', undefined],
          ],
          answer: '2.0.0',
        },
        { input: /context/, value: '/chats', answer: '/chats' },
        { input: /endpoint/, answer: 'ws://localhost:8080' },
        { pick: /AsyncAPI version/, answer: '2.0.0' },
      ],
    );
    assert.equal(args?.['version'], '2.0.0');
  });

  void test('importAsyncApi: a source that is not AsyncAPI is refused before anything else is asked', async () => {
    const script = scriptedQuestions([]);
    const args = await completeArguments(
      'wsapi.importAsyncApi',
      givenArguments('wsapi.importAsyncApi', { source: 'file:///w/plain.yaml' }),
      {
        projects: () => Promise.resolve([CHATS]),
        importProblem: (source) =>
          Promise.resolve(
            source.endsWith('plain.yaml') ? 'plain.yaml is not an AsyncAPI document' : undefined,
          ),
      },
      script.questions,
    );
    script.done();
    assert.equal(args, undefined);
    assert.deepEqual(script.said, ['error: WebSocket API: plain.yaml is not an AsyncAPI document']);
  });

  void test("deleteTopic: an API's last topic is refused before the topic is picked or confirmed", async () => {
    const fromPalette = await play('wsapi.deleteTopic', { project: NEWS.folder }, [NEWS], []);
    assert.equal(fromPalette.args, undefined);
    assert.match(fromPalette.said[0] ?? '', /\/headlines is the last topic of News.*add another topic first/);
    const fromView = await play(
      'wsapi.deleteTopic',
      { project: NEWS.folder, topic: '/headlines' },
      [NEWS],
      [],
    );
    assert.equal(
      fromView.args,
      undefined,
      'with every argument given, still refused before the confirmation',
    );
  });

  void test('with every required argument given, nothing is asked', async () => {
    const given = { folder: 'file:///w', name: 'A', context: '/a', version: '1', endpoint: 'ws://x' };
    assert.deepEqual((await play('wsapi.createApi', given, [CHATS], [])).args, given);
    const topic = { project: CHATS.folder, topic: '/x' };
    assert.deepEqual((await play('wsapi.addTopic', topic, [CHATS], [])).args, topic);
  });

  void test('addTopic from a view row: the topic, PUB/SUB (at least one) and an optional URL mapping', async () => {
    const row = { kind: 'project', project: CHATS };
    const { args, said } = await play(
      'wsapi.addTopic',
      row,
      [CHATS, NEWS],
      [
        {
          input: /topic of Chats/,
          typed: [
            ['rooms', /start/i],
            ['/rooms/{room-}}', /parameter is '{name}'/],
            ['/rooms/{roomID}', undefined],
          ],
          answer: '/rooms/{roomID}',
        },
        { pickMany: /operations/, picked: ['PUB', 'SUB'], answer: [] },
        { pickMany: /operations/, picked: ['PUB', 'SUB'], answer: ['SUB'] },
        {
          input: /URL mapping/,
          typed: [
            ['', undefined],
            ['/rooms?room={uri.var.room}', /room/],
            ['/rooms?room={uri.var.roomID}', undefined],
          ],
          answer: '',
        },
      ],
    );
    assert.deepEqual(args, { project: CHATS.folder, topic: '/rooms/{roomID}', types: ['SUB'] });
    assert.deepEqual(said, ['warning: A topic needs PUB, SUB or both: pick at least one.']);
  });

  void test('deleteTopic from the palette: the API among several, then its topic', async () => {
    const { args } = await play(
      'wsapi.deleteTopic',
      undefined,
      [CHATS, NEWS],
      [
        { pick: /^The API$/, answer: 'Chats' },
        { pick: /topic of Chats/, answer: '/rooms/{roomID}' },
      ],
    );
    assert.deepEqual(args, { project: CHATS.folder, topic: '/rooms/{roomID}' });
  });

  void test('deleteTopic from the palette: an API picked with one topic left is refused at once', async () => {
    const { args, said } = await play(
      'wsapi.deleteTopic',
      undefined,
      [CHATS, NEWS],
      [{ pick: /^The API$/, step: [1, 2], answer: 'News' }],
    );
    assert.equal(args, undefined);
    assert.match(said[0] ?? '', /\/headlines is the last topic of News/);
  });

  void test("setAuth for the API: the security scheme, starting from the API's own", async () => {
    const { args } = await play(
      'wsapi.setAuth',
      { project: CHATS.apiFile },
      [CHATS],
      [
        { pick: /What to set/, answer: 'api' },
        { pickMany: /Runtime security/, picked: ['api_key'], answer: ['oauth2', 'api_key'] },
      ],
    );
    assert.deepEqual(args, { project: CHATS.apiFile, security: ['oauth2', 'api_key'] });
  });

  void test('exportApiProject suggests <folder>.zip beside the project', async () => {
    const { args } = await play(
      'wsapi.exportApiProject',
      { project: CHATS.folder },
      [CHATS],
      [{ saveTarget: 'file:///w/Chats-1.0.0.zip', answer: 'file:///out/c.zip' }],
    );
    assert.deepEqual(args, { project: CHATS.folder, target: 'file:///out/c.zip' });
  });

  void test('a closed question stops the command; an unknown project or none at all is said', async () => {
    const closed = await play(
      'wsapi.createApi',
      undefined,
      [],
      [
        { folder: true, answer: 'file:///w' },
        { input: /API name/, answer: undefined },
      ],
    );
    assert.equal(closed.args, undefined);
    const unknown = await play('wsapi.deleteTopic', { project: 'file:///elsewhere' }, [CHATS], []);
    assert.equal(unknown.args, undefined);
    assert.match(
      unknown.said[0] ?? '',
      /file:\/\/\/elsewhere is not a WebSocket API project of the workspace/,
    );
    const none = await play('wsapi.addTopic', undefined, [], []);
    assert.equal(none.args, undefined);
    assert.match(
      none.said[0] ?? '',
      /no WebSocket API project yet: run "WebSocket API: Create WebSocket API"/,
    );
  });
});
