import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { parseDocument } from '../../../core/src';
import { checkProjectConsistency } from '../../../server/src/service/projectConsistency';
import { doValidation } from '../../../server/src/service/validation';
import { REPO_ROOT } from '../../support/paths';
import { apiYamlText, ROOM_SUBSCRIBE } from '../../support/apiYamlFixture';

const API_YAML = apiYamlText({
  operations: [
    { target: '/notifications', verb: 'SUBSCRIBE', uriMapping: '/notifications' },
    { target: '/notifications', verb: 'PUBLISH', uriMapping: '/notifications' },
    ROOM_SUBSCRIBE,
  ],
});

const ASYNCAPI = `asyncapi: 2.0.0
info:
  title: Chats
  version: 1.0.0
channels:
  /notifications:
    subscribe:
      x-uri-mapping: /notifications
    publish:
      x-uri-mapping: /notifications
  /rooms/{roomID}:
    parameters:
      roomID:
        schema:
          type: string
    subscribe:
      x-uri-mapping: /rooms?room={uri.var.roomID}
`;

/** code → the text it covers, per file. */
function drift(api: string, asyncapi: string): { api: string[]; asyncapi: string[] } {
  const apiParsed = parseDocument(api, 'yaml');
  const asyncParsed = parseDocument(asyncapi, 'yaml');
  const findings = checkProjectConsistency(apiParsed.root, asyncParsed.root);
  const show = (text: string, locate: typeof apiParsed.locator) => (f: (typeof findings.api)[number]) => {
    const { start, end } = locate.locate(f.path, f.target);
    return `${f.code}: ${text.slice(start, end)}`;
  };
  return {
    api: findings.api.map(show(api, apiParsed.locator)),
    asyncapi: findings.asyncapi.map(show(asyncapi, asyncParsed.locator)),
  };
}

suite('checkProjectConsistency: api.yaml against Definitions/asyncapi.yaml', () => {
  test('files that agree are clean', () => {
    assert.deepEqual(drift(API_YAML, ASYNCAPI), { api: [], asyncapi: [] });
  });

  test('a topic only in api.yaml, and a channel only in the AsyncAPI', () => {
    const api = API_YAML.replace(
      / {4}- target: \/rooms[\s\S]*$/,
      '    - target: /news\n      verb: SUBSCRIBE\n',
    );
    assert.deepEqual(drift(api, ASYNCAPI), {
      api: ['project-topic-missing: /news'],
      asyncapi: ['project-topic-missing: /rooms/{roomID}'],
    });
  });

  test('different verbs and different mappings are reported on both files', () => {
    const asyncapi = ASYNCAPI.replace(
      '      x-uri-mapping: /rooms?room={uri.var.roomID}',
      '      x-uri-mapping: /rooms/{uri.var.roomID}',
    ).concat('    publish: {}\n');
    assert.deepEqual(drift(API_YAML, asyncapi), {
      api: ['project-verbs-differ: /rooms/{roomID}', 'project-mapping-differs: /rooms?room={uri.var.roomID}'],
      asyncapi: ['project-verbs-differ: /rooms/{roomID}', 'project-mapping-differs: /rooms/{uri.var.roomID}'],
    });
  });

  test('name and version must agree with info.title and info.version', () => {
    const asyncapi = ASYNCAPI.replace('  title: Chats', '  title: Chat API').replace(
      '  version: 1.0.0',
      '  version: 2.0.0',
    );
    assert.deepEqual(drift(API_YAML, asyncapi), {
      api: ['project-title-differs: Chats', 'project-version-differs: 1.0.0'],
      asyncapi: ['project-title-differs: Chat API', 'project-version-differs: 2.0.0'],
    });
  });

  test('the bundled example project has no wsapi finding in either file', () => {
    const folder = join(REPO_ROOT, 'examples', 'chat-api');
    const read = (uri: string): string | undefined => {
      try {
        return readFileSync(new URL(uri), 'utf8');
      } catch {
        return undefined;
      }
    };
    for (const file of ['api.yaml', 'Definitions/asyncapi.yaml']) {
      const uri = pathToFileURL(join(folder, file)).href;
      const document = TextDocument.create(uri, 'yaml', 1, read(uri) ?? '');
      assert.deepEqual(doValidation(document, { readFile: read }).diagnostics, [], file);
    }
  });
});
