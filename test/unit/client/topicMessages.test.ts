import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';
import { parse } from 'yaml';

import { isSendableCloseCode, refusalFix } from '../../../client/src/gateway/topicSession';
import { prettyText, TopicMessages } from '../../../client/src/gateway/topicMessages';
import { REPO_ROOT } from '../../support/paths';

const definition: unknown = parse(
  readFileSync(join(REPO_ROOT, 'examples', 'chat-api', 'Definitions', 'asyncapi.yaml'), 'utf8'),
);

void suite("Try Topic's panel: messages checked against the topic's schemas", () => {
  void test('a valid message names its message; an invalid one lists every violation', () => {
    const messages = new TopicMessages(definition, '/rooms/{roomID}');
    assert.deepEqual(messages.check('sent', '{"from":"me","text":"hi"}'), {
      result: 'valid',
      message: 'ChatMessage',
    });
    const invalid = messages.check('received', '{"from":5,"text":false}');
    assert.equal(invalid.result, 'invalid');
    assert.deepEqual(invalid.result === 'invalid' && invalid.problems, [
      'ChatMessage: /from must be string (schema #/components/messages/ChatMessage/payload/properties/from/type)',
      'ChatMessage: /text must be string (schema #/components/messages/ChatMessage/payload/properties/text/type)',
    ]);
    assert.deepEqual(messages.check('sent', undefined), { result: 'unchecked' }, 'binary');
  });

  void test('a topic without schemas checks nothing; examples come from the PUBLISH schemas', () => {
    const unknown = new TopicMessages(definition, '/nowhere');
    assert.deepEqual(unknown.check('sent', 'anything'), { result: 'unchecked' });
    assert.equal(unknown.example(), undefined);
    const rooms = new TopicMessages(definition, '/rooms/{roomID}');
    const example = rooms.example();
    assert.ok(example !== undefined);
    assert.equal(rooms.check('sent', example).result, 'valid', example);
  });

  void test('JSON is pretty-printed, other text kept; close codes and refusals', () => {
    assert.equal(prettyText('{"a":1}'), '{\n  "a": 1\n}');
    assert.equal(prettyText('hello'), 'hello');
    assert.equal(prettyText('42'), '42');
    assert.ok(isSendableCloseCode(1000) && isSendableCloseCode(4000));
    assert.ok(!isSendableCloseCode(1006) && !isSendableCloseCode(5000));
    assert.match(refusalFix(401), /Set Credential/);
    assert.match(refusalFix(404), /serves no such topic/);
  });
});
