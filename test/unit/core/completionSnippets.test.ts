import { Parser } from '@asyncapi/parser';
import specs from '@asyncapi/specs';
import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parse as parseYaml } from 'yaml';

import {
  assistDocument,
  type AssistEnvironment,
  type CompletionEntry,
  doComplete,
  indexDocument,
  snippetDefaults,
  specVersionFor,
} from '../../../core/src/language';
import { doValidation } from '../../../server/src/service/validation';
import { takeMarker } from '../../support/positions';

const SCHEMAS: Record<string, unknown> = specs.schemas;
/** The official parser's error severity (Spectral's: 0 error, 1 warning, 2 information, 3 hint). */
const PARSER_ERROR = 0;
const ENVIRONMENT: AssistEnvironment = {
  asyncApiSchema: (version) => SCHEMAS[specVersionFor(version, Object.keys(SCHEMAS)) ?? ''],
};

function snippetsAt(marked: string, uri = 'file:///w/asyncapi.yaml'): CompletionEntry[] {
  const { text, offset } = takeMarker(marked);
  const document = assistDocument(uri, indexDocument(text, uri.endsWith('.json') ? 'json' : 'yaml'));
  assert.ok(document, 'an API document');
  return doComplete(document, offset, ENVIRONMENT).filter((entry) => entry.kind === 'snippet');
}

const MARK = /«([^»]+)»/g;

/**
 * Fills every `«label»` of a document with the snippet of that label offered there, tab stops at their defaults and
 * lines indented as VS Code does (each line after the first gets the indentation of the line it is inserted on).
 * Checks on the way that each place offers exactly `offered(label)`.
 */
function fill(marked: string, uri: string, offered: (label: string) => readonly string[]): string {
  let text = marked;
  const marks = [...marked.matchAll(MARK)].reverse();
  for (const mark of marks) {
    const label = mark[1] ?? '';
    const before = text.slice(0, mark.index).replace(MARK, '');
    const after = text.slice(mark.index + mark[0].length).replace(MARK, '');
    const entries = snippetsAt(`${before}|${after}`, uri);
    assert.deepEqual(entries.map((entry) => entry.label).sort(), [...offered(label)].sort(), `at «${label}»`);
    const entry = entries.find((candidate) => candidate.label === label);
    assert.ok(entry, `«${label}» is offered`);
    const indentation = /[ \t]*$/.exec(before.slice(before.lastIndexOf('\n') + 1))?.[0] ?? '';
    const inserted = snippetDefaults(entry.insert).replace(/\n/g, `\n${indentation}`);
    text = `${text.slice(0, mark.index)}${inserted}${text.slice(mark.index + mark[0].length)}`;
  }
  return text;
}

const V2_YAML = (version: string): string => `asyncapi: ${version}
info:
  title: Chats
  version: 1.0.0
servers:
  «ws server»
channels:
  «topic»
components:
  messages:
    «message»
  securitySchemes:
    «OAuth2 implicit (WSO2)»
    «API key»
`;

const V3_YAML = `asyncapi: 3.0.0
info:
  title: Chats
  version: 1.0.0
servers:
  «ws server»
channels:
  «topic»
  notifications:
    address: /notifications
    messages:
      «message»
operations:
  «topic operations»
components:
  messages:
    «message»
  securitySchemes:
    «OAuth2 implicit (WSO2)»
    «API key»
`;

const V2_JSON = `{
  "asyncapi": "2.6.0",
  "info": { "title": "Chats", "version": "1.0.0" },
  "servers": {
    «ws server»
  },
  "channels": {
    «topic»
  },
  "components": {
    "messages": {
      «message»
    },
    "securitySchemes": {
      «OAuth2 implicit (WSO2)»,
      «API key»
    }
  }
}
`;

const V3_JSON = `{
  "asyncapi": "3.0.0",
  "info": { "title": "Chats", "version": "1.0.0" },
  "servers": { «ws server» },
  "channels": {
    «topic»,
    "notifications": { "address": "/notifications", "messages": { «message» } }
  },
  "operations": {
    «topic operations»
  },
  "components": {
    "messages": { «message» },
    "securitySchemes": {
      «OAuth2 implicit (WSO2)»,
      «API key»
    }
  }
}
`;

/** What each place offers: the security schemes share theirs. */
const offered = (label: string): readonly string[] =>
  label === 'API key' || label === 'OAuth2 implicit (WSO2)' ? ['API key', 'OAuth2 implicit (WSO2)'] : [label];

const DOCUMENTS: ReadonlyArray<{ name: string; uri: string; text: string }> = [
  { name: 'AsyncAPI 2.0.0 YAML', uri: 'file:///w/asyncapi.yaml', text: V2_YAML('2.0.0') },
  { name: 'AsyncAPI 2.6.0 YAML', uri: 'file:///w/asyncapi.yaml', text: V2_YAML('2.6.0') },
  { name: 'AsyncAPI 2.6.0 JSON', uri: 'file:///w/asyncapi.json', text: V2_JSON },
  { name: 'AsyncAPI 3.0.0 YAML', uri: 'file:///w/asyncapi.yaml', text: V3_YAML },
  { name: 'AsyncAPI 3.0.0 JSON', uri: 'file:///w/asyncapi.json', text: V3_JSON },
];

suite('snippets: topic, message, ws server, security schemes, in the document’s own AsyncAPI version', () => {
  for (const { name, uri, text } of DOCUMENTS) {
    test(`${name}: each place offers its snippets, and with them the document is valid for the official parser and wsapi`, async () => {
      const filled = fill(text, uri, offered);
      const format = uri.endsWith('.json') ? 'json' : 'yaml';
      const value = (format === 'json' ? JSON.parse(filled) : parseYaml(filled)) as Record<string, unknown>;
      const v3 = text.includes('3.0.0');
      assert.deepEqual(
        Object.keys(value['channels'] as object).sort(),
        v3 ? ['notifications', 'rooms'] : ['/rooms/{roomID}'],
      );
      assert.deepEqual(Object.keys(value['servers'] as object), ['production']);
      if (v3) {
        assert.deepEqual(Object.keys(value['operations'] as object), ['receive_rooms', 'send_rooms']);
      }

      const wsapi = doValidation(TextDocument.create(uri, format, 1, filled)).diagnostics;
      assert.deepEqual(
        wsapi
          .filter((diagnostic) => diagnostic.severity !== DiagnosticSeverity.Hint)
          .map((d) => `${d.code}: ${d.message}`),
        [],
      );
      const { diagnostics } = await new Parser().parse(filled);
      assert.deepEqual(
        diagnostics
          .filter((diagnostic) => Number(diagnostic.severity) === PARSER_ERROR)
          .map((d) => `${d.path.join('/')}: ${d.message}`),
        [],
      );
    });
  }

  test('a 2.x document is offered the 2.x forms only, a 3.x document the 3.x forms only', () => {
    const v2 = snippetsAt('asyncapi: 2.6.0\ncomponents:\n  securitySchemes:\n    |\n');
    const v3 = snippetsAt('asyncapi: 3.0.0\ncomponents:\n  securitySchemes:\n    |\n');
    assert.deepEqual(new Set(v2.map((entry) => entry.detail)), new Set(['AsyncAPI 2.x snippet']));
    assert.deepEqual(new Set(v3.map((entry) => entry.detail)), new Set(['AsyncAPI 3.x snippet']));
    const oauth2 = (entries: CompletionEntry[]): string =>
      snippetDefaults(entries.find((entry) => entry.label === 'OAuth2 implicit (WSO2)')?.insert ?? '');
    assert.match(oauth2(v2), /\n {6}scopes:\n/);
    assert.match(oauth2(v3), /\n {6}availableScopes:\n/);
    assert.deepEqual(snippetsAt('asyncapi: 2.6.0\noperations:\n  |\n'), []);
    const topic = (version: string): string =>
      snippetDefaults(snippetsAt(`asyncapi: ${version}\nchannels:\n  |\n`)[0]?.insert ?? '');
    assert.match(topic('2.0.0'), /^\/rooms\/\{roomID\}:\n {2}parameters:/);
    assert.match(topic('3.0.0'), /^rooms:\n {2}address: \/rooms\/\{roomID\}\n/);
  });

  test('the topic snippet links the topic, its parameter and the URL mapping through shared tab stops', () => {
    const [topic] = snippetsAt('asyncapi: 2.6.0\nchannels:\n  |\n');
    assert.equal(
      topic?.insert,
      [
        '/${1:rooms}/{${2:roomID}\\}:',
        '  parameters:',
        '    ${2:roomID}:',
        '      description: ${3:The room}',
        '      schema:',
        '        type: string',
        '  subscribe:',
        '    x-uri-mapping: /${1:rooms}/{uri.var.${2:roomID}\\}',
        '  publish:',
        '    x-uri-mapping: /${1:rooms}/{uri.var.${2:roomID}\\}',
      ].join('\n'),
    );
    assert.equal(topic?.snippet, true);
    assert.match(topic?.documentation ?? '', /```yaml\n\/rooms\/\{roomID\}:\n/);
  });

  test('no snippet where it would not fit: other keys, a key with its colon, YAML flow mappings, api.yaml', () => {
    assert.deepEqual(snippetsAt('asyncapi: 2.6.0\n|\n'), []);
    assert.deepEqual(snippetsAt('asyncapi: 2.6.0\ninfo:\n  |\n'), []);
    assert.deepEqual(snippetsAt('asyncapi: 2.6.0\nchannels:\n  to|: {}\n'), []);
    assert.deepEqual(snippetsAt('asyncapi: 2.6.0\nchannels: { | }\n'), []);
    assert.deepEqual(snippetsAt('type: api\ndata:\n  operations:\n    |\n', 'file:///p/api.yaml'), []);
  });

  test('the typed word filters them and is replaced', () => {
    const marked = 'asyncapi: 2.6.0\nservers:\n  ws|\n';
    const [server] = snippetsAt(marked);
    const start = marked.indexOf('ws|');
    assert.deepEqual(server?.replace, { start, end: start + 2 });
    assert.equal(server?.filterText, 'ws server');
  });
});
