import assert from 'node:assert/strict';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { ParseCache, parseDocument } from '../../../core/src';
import { generateDocument } from '../../../core/src/document/sampleDocument';
import { SPEC_VALIDATORS_FOLDER, specValidatorFiles } from '../../../server/src/node/specValidatorFiles';
import {
  schemaFindings,
  specVersionOf,
  type SpecValidator,
} from '../../../server/src/service/schemaFindings';
import type { Validate } from '../../../server/src/service/schemaPieces';
import { shown } from '../../support/findings';
import { REPO_ROOT, requireBuilt } from '../../support/paths';
import { seededBelow } from '../../support/seeded';

const specValidator = specValidatorFiles(requireBuilt(join(REPO_ROOT, 'dist', SPEC_VALIDATORS_FOLDER)));

function validatorOf(root: unknown): SpecValidator | undefined {
  const version = specVersionOf(root);
  return version === undefined ? undefined : specValidator(version);
}

/** The findings of a whole validation, and what differs in pieces (for a report). */
function compared(
  root: unknown,
  validate: SpecValidator,
  label: string,
): { found: number; unlike: string[] } {
  const whole = schemaFindings(root, validate, 'whole').map(shown);
  const inPieces = schemaFindings(root, validate).map(shown);
  const same = JSON.stringify(whole) === JSON.stringify(inPieces);
  return {
    found: whole.length,
    unlike: same
      ? []
      : [
          `${label}:\n  whole:     ${whole.join('\n             ')}\n  in pieces: ${inPieces.join('\n             ')}`,
        ],
  };
}

/** The misspelling the typing benchmark types: the last two letters swapped. */
const misspell = (word: string): string => `${word.slice(0, -2)}${word.slice(-1)}${word.slice(-2, -1)}`;

const KEY_VALUE = /^(\s*)(-\s+)?([A-Za-z$][\w$-]*):(\s+)(\S.*)$/;
const ENUMS: Record<string, readonly string[]> = {
  action: ['send', 'receive'],
  type: ['string', 'number', 'integer', 'object', 'array', 'boolean'],
};

/**
 * One edit of the kinds a person makes, at a seeded random line (for a wrong enum value, the next line with an
 * enum): a wrong type, a typo'd key, a deleted line (a required property, when the line held one), a wrong enum.
 */
function typingEdit(text: string, next: (below: number) => number): string {
  const lines = text.split('\n');
  const at = next(lines.length);
  const kind = next(4);
  if (kind === 2) {
    lines.splice(at, 1);
    return lines.join('\n');
  }
  if (kind === 3) {
    for (let line = at; line < lines.length; line++) {
      const [, indent = '', dash = '', key = '', space = '', value = ''] =
        KEY_VALUE.exec(lines[line] ?? '') ?? [];
      if (ENUMS[key]?.includes(value) === true) {
        lines[line] = `${indent}${dash}${key}:${space}${misspell(value)}`;
        return lines.join('\n');
      }
    }
    return text;
  }
  const [, indent = '', dash = '', key, space = '', value = ''] = KEY_VALUE.exec(lines[at] ?? '') ?? [];
  if (key === undefined) {
    return text;
  }
  lines[at] =
    kind === 0 ? `${indent}${dash}${key}:${space}8080` : `${indent}${dash}${misspell(key)}:${space}${value}`;
  return lines.join('\n');
}

/** A document's value, parsed as the language server parses an open document: through its parse cache. */
function parsedRoot(text: string, cache: ParseCache): unknown {
  return (cache.parse(text) ?? parseDocument(text, 'yaml')).root;
}

suite('the schema check in pieces: the same findings as a whole validation', () => {
  test('maps with odd keys, shared values, `$ref`s and values of the wrong type', () => {
    const message = { payload: { type: 'string' }, summry: 'typo' };
    const cases: Array<[string, unknown]> = [
      [
        '2.6.0: channel names with / and ~, a value used twice (a YAML alias), a channel that is a string',
        {
          asyncapi: '2.6.0',
          info: { title: 'x', version: '1' },
          channels: {
            'user/signed~up': { subscribe: { message } },
            'user/signed~in': { subscribe: { message } },
            plain: 'not a channel',
            empty: null,
            list: [1],
          },
          components: {
            messages: { a: message, 'b c': message, ref: { $ref: '#/components/messages/a' } },
            schemas: { s: { type: 'strin' } },
            securitySchemes: { 'not a name!': { type: 'http' }, ok: { type: 'htp' } },
          },
        },
      ],
      [
        '2.6.0: a `$ref` among the channels and under components: what lies below is the parser’s, not what is beside',
        {
          asyncapi: '2.6.0',
          info: { title: 'x' },
          channels: { $ref: 'other.yaml#/channels', a: { subscribe: { message } } },
          components: { $ref: 'other.yaml#/components', messages: { a: message } },
        },
      ],
      [
        '3.0.0: channels, operations and components with errors at several depths',
        {
          asyncapi: '3.0.0',
          info: { title: 'x', version: '1' },
          channels: { a: { address: 1, messages: { m: message } }, b: { $ref: '#/components/channels/c' } },
          operations: { o: { action: 'sendd', channel: { $ref: '#/channels/a' } }, p: 'oops' },
          components: {
            messages: { m: message, 'bad key!': message },
            schemas: { s: { type: 1 } },
            channels: { c: { adress: 'x' } },
          },
        },
      ],
      [
        '3.0.0: maps that are not objects',
        {
          asyncapi: '3.0.0',
          info: { title: 'x', version: '1' },
          channels: [],
          operations: 'x',
          components: { messages: 7 },
        },
      ],
    ];
    const unlike: string[] = [];
    for (const [name, root] of cases) {
      const validate = validatorOf(root);
      assert.ok(validate);
      const { found, unlike: differences } = compared(root, validate, name);
      assert.ok(found > 0, `${name}: no findings to compare`);
      unlike.push(...differences);
    }
    assert.deepEqual(unlike, []);
  });

  test('seeded random edits in sequence, through one parse cache: the same findings after every edit', () => {
    const next = seededBelow(13);
    // The generated documents, and the same under the oldest 2.x and the newest 3.x schema.
    const bases = [
      generateDocument('2.6.0', 1200),
      generateDocument('3.0.0', 1200),
      generateDocument('2.6.0', 1200).replace(/^asyncapi: 2\.6\.0$/m, 'asyncapi: 2.0.0'),
      generateDocument('3.0.0', 1200).replace(/^asyncapi: 3\.0\.0$/m, 'asyncapi: 3.1.0'),
    ];
    let edits = 0;
    let withFindings = 0;
    const unlike: string[] = [];
    for (const [n, base] of bases.entries()) {
      const cache = new ParseCache();
      for (let sequence = 0; sequence < 3; sequence++) {
        let text = base;
        for (let step = 0; step < 6; step++) {
          text = typingEdit(text, next);
          const root = parsedRoot(text, cache);
          const validate = validatorOf(root);
          if (validate === undefined) {
            continue;
          }
          edits++;
          const { found, unlike: differences } = compared(
            root,
            validate,
            `document ${n}, sequence ${sequence}, edit ${step}`,
          );
          withFindings += found > 0 ? 1 : 0;
          unlike.push(...differences);
        }
      }
    }
    assert.ok(edits >= 50, `only ${edits} edits compared`);
    assert.ok(withFindings >= edits / 2, `only ${withFindings} of ${edits} edits have findings`);
    assert.deepEqual(unlike.slice(0, 3), []);
  });

  test('a one-line edit validates again only the values of the piece of text it touched', () => {
    const text = generateDocument('2.6.0', 2500);
    const validate = specValidator('2.6.0');
    assert.ok(validate?.pieces);
    let validated = 0;
    const counting = (part: Validate): Validate => {
      const counted: Validate = (data) => {
        validated++;
        const valid = part(data);
        counted.errors = part.errors;
        return valid;
      };
      return counted;
    };
    const inPieces: SpecValidator = Object.assign((data: unknown) => validate(data), {
      pieces: { shallow: validate.pieces.shallow, parts: validate.pieces.parts.map(counting) },
    });
    const cache = new ParseCache();
    schemaFindings(parsedRoot(text, cache), inPieces);
    const values = validated;
    assert.ok(values > 100, `${values} values validated in the first check`);

    validated = 0;
    const edited = text.replace(/^(\s+operationId: )(\S+)$/m, '$18080');
    assert.notEqual(edited, text);
    const findings = schemaFindings(parsedRoot(edited, cache), inPieces).map(shown);
    // The values of the piece of text the edit is in (a piece holds a few entries of a map) are new objects.
    assert.ok(validated >= 1 && validated <= 16, `${validated} of ${values} values validated again`);
    assert.equal(findings.length, 1, findings.join('\n'));
    assert.match(findings[0] ?? '', /'operationId' must be a string/);
  });
});
