import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { humanizeSchemaMessage } from '../../../server/src/service/schemaMessages';

const CASES: ReadonlyArray<readonly [string, string | undefined, string]> = [
  [
    'Property "chanels" is not expected to be here',
    'channels',
    "'chanels' is not allowed here: did you mean 'channels'?",
  ],
  ['Property "x-foo" is not expected to be here', undefined, "'x-foo' is not allowed here."],
  [
    '"info" property must have required property "version"',
    undefined,
    "'info' is missing the required property 'version'.",
  ],
  [
    'Object must have required property "channels"',
    undefined,
    "The document is missing the required property 'channels'.",
  ],
  [
    'Item at index 0 must have required property "name"',
    undefined,
    "Item 0 is missing the required property 'name'.",
  ],
  ['Item at index 1 must be string', undefined, 'Item 1 must be a string.'],
  ['"schema" property type must be object,boolean', undefined, "'schema' must be an object or a boolean."],
  ['must be object,boolean', undefined, 'This must be an object or a boolean.'],
  [
    '"action" property must be equal to one of the allowed values: "send", "receive"',
    undefined,
    "'action' must be one of: send, receive.",
  ],
  [
    '"action" property must be equal to one of the allowed values: "send", "receive". Did you mean "receive"?',
    undefined,
    "'action' must be one of: send, receive: did you mean 'receive'?",
  ],
  ['"url" property must match format "uri-reference"', undefined, "'url' must be a valid uri-reference."],
  ['"name" property must match pattern "^[a-z]+$"', undefined, "'name' must match the pattern ^[a-z]+$."],
  [
    '"payload" property must match exactly one schema in oneOf',
    undefined,
    "'payload' matches none of its allowed forms, or more than one: compare its keys with the specification.",
  ],
  ['something the table does not know', undefined, 'Something the table does not know.'],
];

suite('humanizeSchemaMessage', () => {
  for (const [raw, suggestion, expected] of CASES) {
    test(raw, () => assert.equal(humanizeSchemaMessage(raw, suggestion), expected));
  }
});
