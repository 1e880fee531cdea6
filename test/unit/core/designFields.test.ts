import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import {
  validateAsyncApiVersion,
  validateAuthType,
  validateContext,
  validateEndpoint,
  validateName,
  validateTopic,
  validateUriMapping,
  validateVersion,
} from '../../../core/src/design';

/** [field check, input, expected message (undefined = accepted)] */
type Case = readonly [what: string, check: () => string | undefined, message: string | undefined];

const cases: readonly Case[] = [
  ['name Chats', () => validateName('Chats'), undefined],
  ['name with space', () => validateName('Chat Rooms'), undefined],
  ['empty name', () => validateName('  '), 'The API name is required, e.g. Chats.'],
  ['name with /', () => validateName('a/b'), "The API name may not contain '/': remove it."],
  ['context /chats', () => validateContext('/chats'), undefined],
  ['context without slash is taken with one', () => validateContext('chats'), undefined],
  ['context /{version}/chats', () => validateContext('/{version}/chats'), undefined],
  [
    'empty context',
    () => validateContext(''),
    "The context is required, e.g. '/chats' (or '/{version}/chats' to put the version first).",
  ],
  [
    'context with {version} inside a segment',
    () => validateContext('/chats-{version}'),
    "'{version}' must be a whole path segment of the context, e.g. '/{version}/chats' or '/chats/{version}'.",
  ],
  [
    'context with {version} twice',
    () => validateContext('/{version}/chats/{version}'),
    "'{version}' may appear only once in a context.",
  ],
  [
    'context with a space',
    () => validateContext('/my chats'),
    "The context may not contain ' ': use letters, digits, '-', '_', '.' and '/'.",
  ],
  [
    'context and version of another API',
    () =>
      validateContext(
        '/Chats/',
        [
          { context: '/orders', version: '1.0.0' },
          { context: 'chats', version: '1.0.0' },
        ],
        '1.0.0',
      ),
    "Another API of the workspace has context '/Chats' and version 1.0.0: choose another context or version.",
  ],
  [
    // WSO2 needs context + version unique: version 2.0.0 of an API shares the context of 1.0.0 (issue #14).
    'the context of another version of the API',
    () => validateContext('/chats', [{ context: '/chats', version: '1.0.0' }], '2.0.0'),
    undefined,
  ],
  [
    'a used context before the version is known: only the rules',
    () => validateContext('/chats', [{ context: '/chats', version: '1.0.0' }]),
    undefined,
  ],
  ['version 1.0.0', () => validateVersion('1.0.0'), undefined],
  ['empty version', () => validateVersion(''), 'The version is required, e.g. 1.0.0.'],
  [
    'version with space',
    () => validateVersion('1 0'),
    "The version may not contain ' ': write it like 1.0.0.",
  ],
  ['endpoint ws', () => validateEndpoint('ws://localhost:8080'), undefined],
  ['endpoint wss', () => validateEndpoint('wss://echo.example.com/base'), undefined],
  [
    'endpoint http',
    () => validateEndpoint('http://localhost:8080'),
    "The endpoint must be a ws:// or wss:// URL such as ws://localhost:8080, not 'http://localhost:8080'.",
  ],
  [
    'empty sandbox endpoint',
    () => validateEndpoint('', 'The sandbox endpoint'),
    'The sandbox endpoint is required: give a ws:// or wss:// URL such as ws://localhost:8080.',
  ],
  ['topic /notifications', () => validateTopic('/notifications'), undefined],
  ['topic /rooms/{roomID}', () => validateTopic('/rooms/{roomID}'), undefined],
  ['topic /*', () => validateTopic('/*'), undefined],
  [
    'topic without slash',
    () => validateTopic('rooms'),
    "A WSO2 topic is a path that starts with '/': write '/rooms'.",
  ],
  [
    'topic with a query',
    () => validateTopic('/rooms?x=1'),
    "A topic may not contain '?': the query goes in the URL mapping.",
  ],
  [
    'topic with an open brace',
    () => validateTopic('/rooms/{roomID'),
    "A topic parameter is '{name}' with letters, digits, '_', '-' or '.', e.g. '/rooms/{roomID}'.",
  ],
  [
    'mapping with the topic variable',
    () => validateUriMapping('/rooms?room={uri.var.roomID}', '/rooms/{roomID}'),
    undefined,
  ],
  ['empty mapping', () => validateUriMapping('', '/rooms'), undefined],
  [
    'mapping without a leading slash',
    () => validateUriMapping('rooms', '/rooms'),
    "WSO2 appends the URL mapping to the endpoint URL as it is: start it with '/' or '?', e.g. '/rooms'.",
  ],
  [
    'mapping with an unknown variable',
    () => validateUriMapping('/r/{uri.var.room}', '/rooms/{roomID}'),
    "'{uri.var.room}' names no parameter of the topic '/rooms/{roomID}': use one of '{uri.var.roomID}'.",
  ],
  ['asyncapi 2.0.0', () => validateAsyncApiVersion('2.0.0'), undefined],
  ['asyncapi 3.0.0', () => validateAsyncApiVersion('3.0.0'), undefined],
  [
    'asyncapi 2.6.0',
    () => validateAsyncApiVersion('2.6.0'),
    "The AsyncAPI version is '2.0.0' or '3.0.0', not '2.6.0'.",
  ],
  ['auth type Any', () => validateAuthType('Any'), undefined],
  [
    'auth type any',
    () => validateAuthType('any'),
    "The auth type is 'Any' (credentials required) or 'None' (open topic), not 'any'.",
  ],
];

suite('design input fields', () => {
  for (const [what, check, message] of cases) {
    test(what, () => {
      assert.equal(check(), message);
    });
  }
});
