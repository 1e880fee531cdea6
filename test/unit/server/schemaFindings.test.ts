import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { SPEC_VALIDATORS_FOLDER, specValidatorFiles } from '../../../server/src/node/specValidatorFiles';
import { schemaCovers, schemaFindings, specVersionOf } from '../../../server/src/service/schemaFindings';
import { corpusRoots } from '../../support/corpus';
import { shown } from '../../support/findings';
import { CORPUS_DIR, REPO_ROOT, requireBuilt } from '../../support/paths';

const specValidator = specValidatorFiles(requireBuilt(join(REPO_ROOT, 'dist', SPEC_VALIDATORS_FOLDER)));

function findings(root: unknown): string[] {
  const version = specVersionOf(root);
  const validate = version === undefined ? undefined : specValidator(version);
  assert.ok(validate, `no validator for ${String(version)}`);
  return schemaFindings(root, validate).map(
    (finding) =>
      `${finding.path.join('/')}: ${finding.message}${finding.suggestion === undefined ? '' : ` (${finding.suggestion})`}`,
  );
}

const DOCUMENT = {
  asyncapi: '2.6.0',
  info: { title: 'Chats', version: '1.0.0' },
  servers: { production: { url: 'ws://localhost:8080', protocol: 'ws' } },
  channels: { '/rooms': { subscribe: { message: { payload: { type: 'string' } } } } },
};

suite("the schema check: a document against its version's JSON Schema, as the parser's rule words it", () => {
  test('a valid document has no finding', () => {
    assert.deepEqual(findings(DOCUMENT), []);
  });

  test('one finding per problem, each on its path', () => {
    const cases: Array<[string, unknown, string[]]> = [
      [
        'type error',
        { ...DOCUMENT, servers: { production: { url: 'ws://localhost:8080', protocol: 8080 } } },
        ['servers/production/protocol: "protocol" property type must be string'],
      ],
      [
        'unknown key, and not the required key it misspells',
        { ...DOCUMENT, info: { titel: 'Chats', version: '1.0.0' } },
        ['info/titel: Property "titel" is not expected to be here (title)'],
      ],
      [
        'unknown key in a message: one finding, not one per form a message may take',
        {
          ...DOCUMENT,
          channels: { '/rooms': { subscribe: { message: { summry: 'x', payload: { type: 'string' } } } } },
        },
        ['channels//rooms/subscribe/message/summry: Property "summry" is not expected to be here (summary)'],
      ],
      [
        'missing required property',
        { ...DOCUMENT, info: { title: 'Chats' } },
        ['info: "info" property must have required property "version"'],
      ],
      [
        'wrong enum value',
        {
          asyncapi: '3.0.0',
          info: { title: 'Chats', version: '1.0.0' },
          operations: { receive: { action: 'recieve', channel: { $ref: '#/channels/rooms' } } },
        },
        [
          'operations/receive/action: "action" property must be equal to one of the allowed values: "send", "receive". Did you mean "receive"?',
        ],
      ],
      [
        "what lies under a $ref is the parser's (it resolves them)",
        {
          ...DOCUMENT,
          channels: {
            '/rooms': { subscribe: { message: { $ref: '#/components/messages/Chat', extra: 1 } } },
          },
        },
        [],
      ],
    ];
    for (const [name, root, expected] of cases) {
      assert.deepEqual(findings(root), expected, name);
    }
  });

  test('a path covered by the check is one that meets no $ref', () => {
    const root = { channels: { a: { subscribe: { message: { $ref: '#/x' } } } } };
    assert.equal(schemaCovers(root, ['channels', 'a', 'subscribe']), true);
    assert.equal(schemaCovers(root, ['channels', 'a', 'subscribe', 'message']), false);
    assert.equal(schemaCovers(root, ['channels', 'a', 'subscribe', 'message', 'payload']), false);
  });

  test("on every corpus document: each finding is one of the official parser's, none where it accepts the document", () => {
    const recorded = JSON.parse(readFileSync(join(CORPUS_DIR, 'parser-diagnostics.json'), 'utf8')) as {
      results: Record<
        string,
        { document: boolean; diagnostics: Array<{ code: string; path: string; message: string }> }
      >;
    };
    let checked = 0;
    let found = 0;
    const unlike: string[] = [];
    for (const { entry, root } of corpusRoots().filter(({ entry: e }) => e.role === 'document')) {
      const version = specVersionOf(root);
      const validate = version === undefined ? undefined : specValidator(version);
      const parser = recorded.results[entry.file];
      if (validate === undefined || parser === undefined) {
        continue;
      }
      checked++;
      for (const finding of schemaFindings(root, validate)) {
        found++;
        const path = finding.path.join('/');
        const same = parser.diagnostics.some(
          (d) =>
            d.code === 'asyncapi-document-resolved' &&
            d.path === path &&
            finding.message.startsWith(d.message.slice(0, 290)),
        );
        if (!same || parser.document) {
          unlike.push(`${entry.file} ${path}: ${finding.message}`);
        }
      }
    }
    assert.ok(checked >= 220, `only ${checked} corpus documents have a schema version`);
    assert.ok(found >= 100, `only ${found} findings: the corpus has documents that break the schema`);
    assert.deepEqual(unlike, []);
  });

  test('on every corpus document, validated in pieces: the same findings as a whole validation, in the same order', () => {
    let checked = 0;
    let found = 0;
    const unlike: string[] = [];
    for (const { entry, root } of corpusRoots()) {
      const version = specVersionOf(root);
      const validate = version === undefined ? undefined : specValidator(version);
      if (validate === undefined) {
        continue;
      }
      assert.ok(validate.pieces, `the ${version} validator has no pieces: run 'npm run build'`);
      checked++;
      const whole = schemaFindings(root, validate, 'whole').map(shown);
      found += whole.length;
      const inPieces = schemaFindings(root, validate).map(shown);
      if (JSON.stringify(inPieces) !== JSON.stringify(whole)) {
        unlike.push(
          `${entry.file}\n  whole:     ${whole.join('\n  ')}\n  in pieces: ${inPieces.join('\n  ')}`,
        );
      }
    }
    assert.ok(checked >= 220, `only ${checked} corpus documents have a schema version`);
    assert.ok(found >= 100, `only ${found} findings: the corpus has documents that break the schema`);
    assert.deepEqual(unlike, []);
  });
});
