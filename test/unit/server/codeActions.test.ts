import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { getQuickFixes, type NavigationSources, sourceFile } from '../../../core/src/language';
import { doValidation, projectSiblings } from '../../../server/src/service/validation';
import { apiYamlText } from '../../support/apiYamlFixture';

const DEFINITION = 'file:///p/Definitions/asyncapi.yaml';
const API = 'file:///p/api.yaml';

const BASE = `asyncapi: 2.0.0
info:
  title: Chats
  version: 1.0.0
servers:
  production:
    url: ws://localhost:8080
    protocol: ws # the gateway's
channels:
  /rooms/{roomID}:
    parameters:
      roomID:
        description: The room.
        schema:
          type: string
    subscribe:
      x-uri-mapping: /rooms?room={uri.var.roomID}
      x-scopes: [reader]
components:
  securitySchemes:
    oauth2:
      type: oauth2
      flows:
        implicit:
          authorizationUrl: http://localhost:9999
          scopes:
            reader: read
          x-scopes-bindings:
            reader: admin
`;

const API_YAML = apiYamlText({ wso2Version: null });

type Files = Record<string, string>;

function diagnosticsOf(files: Files, uri: string) {
  const document = TextDocument.create(uri, 'yaml', 1, files[uri] ?? '');
  return { document, diagnostics: doValidation(document, { readFile: (other) => files[other] }).diagnostics };
}

/** What a user reads in the problems panel, without positions (a fix moves lines). */
function problems(files: Files, uri: string): string[] {
  return diagnosticsOf(files, uri)
    .diagnostics.map((d) => `${String(d.code)}: ${d.message}`)
    .sort();
}

/**
 * Applies the quick fix with `title` for the first diagnostic with `code` in `uri`, and checks with the real
 * validation that the diagnostic is gone and every other finding of every file is as before.
 */
function applyFix(files: Files, uri: string, code: string, title: string): Files {
  const { document, diagnostics } = diagnosticsOf(files, uri);
  const diagnostic = diagnostics.find((d) => d.code === code);
  assert.ok(diagnostic, `no ${code} in ${JSON.stringify(diagnostics)}`);
  const sources: NavigationSources = {
    file: (other) => (files[other] === undefined ? undefined : sourceFile(other, files[other])),
    candidates: () => Object.keys(files),
    siblings: (other) => projectSiblings(other).filter((sibling) => files[sibling] !== undefined),
  };
  const file = sourceFile(uri, files[uri] ?? '');
  assert.ok(file);
  const fixes = getQuickFixes(
    file,
    {
      code,
      span: {
        start: document.offsetAt(diagnostic.range.start),
        end: document.offsetAt(diagnostic.range.end),
      },
      data: diagnostic.data,
    },
    sources,
  );
  const chosen = fixes.find((candidate) => candidate.title === title);
  assert.ok(chosen, `no fix '${title}' among ${JSON.stringify(fixes.map((f) => f.title))}`);
  const after: Files = { ...files };
  for (const target of new Set(chosen.edits.map((edit) => edit.uri))) {
    let text = after[target] ?? '';
    for (const edit of chosen.edits
      .filter((e) => e.uri === target)
      .sort((a, b) => b.span.start - a.span.start)) {
      text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    }
    after[target] = text;
  }
  const fixed = `${String(diagnostic.code)}: ${diagnostic.message}`;
  for (const each of Object.keys(files)) {
    // A project finding is reported on both files with one message: fixed on both.
    const expected = problems(files, each).filter((line) => line !== fixed);
    assert.deepEqual(problems(after, each), expected, `${each} after '${title}':\n${after[each] ?? ''}`);
  }
  return after;
}

const variant = (from: string, to: string): Files => {
  assert.ok(BASE.includes(from), from);
  return { [DEFINITION]: BASE.replace(from, to), [API]: API_YAML };
};

suite('quick fixes: applied, then validated again', () => {
  test('declare a missing topic parameter', () => {
    const files = variant('/rooms/{roomID}:', '/rooms/{roomID}/{seat}:');
    const after = applyFix(
      files,
      DEFINITION,
      'topic-parameter-undeclared',
      "Declare the topic parameter 'seat'",
    );
    assert.match(
      after[DEFINITION] ?? '',
      /\n {6}seat:\n {8}description: .*\n {8}schema:\n {10}type: string\n/,
    );
  });

  test("replace '{roomID}' by '{uri.var.roomID}' in a URL mapping", () => {
    const files = {
      [DEFINITION]: BASE.replace('room={uri.var.roomID}', 'room={roomID}'),
      [API]: API_YAML.replace('room={uri.var.roomID}', 'room={roomID}'),
    };
    const after = applyFix(files, DEFINITION, 'uri-mapping-bare-variable', "Write '{uri.var.roomID}'");
    assert.equal(after[DEFINITION], BASE);
  });

  test("add the leading '/' to a URL mapping and to a topic (with its api.yaml targets)", () => {
    const mapping = {
      [DEFINITION]: BASE.replace('x-uri-mapping: /rooms', 'x-uri-mapping: rooms'),
      [API]: API_YAML.replace('uriMapping: /rooms', 'uriMapping: rooms'),
    };
    assert.equal(
      applyFix(mapping, DEFINITION, 'uri-mapping-start', "Write '/rooms?room={uri.var.roomID}'")[DEFINITION],
      BASE,
    );
    const topic = {
      [DEFINITION]: BASE.replace('  /rooms/{roomID}:', '  rooms/{roomID}:'),
      [API]: API_YAML.replace('target: /rooms', 'target: rooms'),
    };
    const after = applyFix(topic, DEFINITION, 'topic-leading-slash', "Write '/rooms/{roomID}'");
    assert.equal(after[DEFINITION], BASE);
    assert.equal(after[API], API_YAML);
  });

  test("set a WSO2 server's protocol to ws, keeping its comment", () => {
    const files = { [DEFINITION]: BASE.replace('protocol: ws', 'protocol: mqtt'), [API]: API_YAML };
    assert.equal(
      applyFix(files, DEFINITION, 'server-protocol', "Set the protocol to 'ws'")[DEFINITION],
      BASE,
    );
  });

  test("a wss:// WSO2 server with protocol mqtt is set to ws, as WSO2 writes it: no fix offers 'wss'", () => {
    const secure = BASE.replace('ws://localhost:8080', 'wss://localhost:8443');
    const files = { [DEFINITION]: secure.replace('protocol: ws', 'protocol: mqtt'), [API]: API_YAML };
    assert.equal(
      applyFix(files, DEFINITION, 'server-protocol', "Set the protocol to 'ws'")[DEFINITION],
      secure,
    );
    assert.throws(
      () => applyFix(files, DEFINITION, 'server-protocol', "Set the protocol to 'wss'"),
      /no fix 'Set the protocol to 'wss''/,
    );
  });

  test("an old export's endpoint_type http becomes ws, and its REST policy the Async one", () => {
    const old = API_YAML.replace('endpoint_type: ws', 'endpoint_type: http').replace(
      '  type: WS\n',
      '  type: WS\n  policies: [Unlimited]\n',
    );
    const files = { [DEFINITION]: BASE, [API]: old };
    const typed = applyFix(files, API, 'wso2-endpoint-type', "Set endpoint_type to 'ws'");
    const fixed = applyFix(typed, API, 'wso2-throttling-policy', "Use 'AsyncUnlimited'");
    assert.equal(fixed[API], API_YAML.replace('  type: WS\n', '  type: WS\n  policies: [AsyncUnlimited]\n'));
  });

  test('declare a missing scope, bound to a role', () => {
    const files = { [DEFINITION]: BASE.replace('[reader]', '[reader, writer]'), [API]: API_YAML };
    const after = applyFix(
      files,
      DEFINITION,
      'scope-undeclared',
      "Declare the scope 'writer' (role 'admin')",
    );
    assert.ok(after[DEFINITION]?.includes('            reader: read\n            writer: writer\n'));
    assert.ok(after[DEFINITION]?.includes('            reader: admin\n            writer: admin\n'));
  });

  test("add the implicit flow's authorizationUrl", () => {
    const files = {
      [DEFINITION]: BASE.replace('          authorizationUrl: http://localhost:9999\n', ''),
      [API]: API_YAML,
    };
    const after = applyFix(
      files,
      DEFINITION,
      'oauth2-authorization-url',
      "Add 'authorizationUrl: http://localhost:9999'",
    );
    assert.ok(after[DEFINITION]?.includes('authorizationUrl: http://localhost:9999'));
  });

  test("'x-auth-type: any' becomes 'Any'", () => {
    const files = {
      [DEFINITION]: BASE.replace('    subscribe:', '    x-auth-type: any\n    subscribe:'),
      [API]: API_YAML,
    };
    const after = applyFix(files, DEFINITION, 'auth-type', "Change to 'Any'");
    assert.ok(after[DEFINITION]?.includes('x-auth-type: Any'));
  });

  test('bring api.yaml in line with the AsyncAPI channels, and back', () => {
    const extraTarget = {
      [DEFINITION]: BASE,
      [API]: `${API_YAML}    - target: /notifications\n      verb: SUBSCRIBE\n`,
    };
    const added = applyFix(
      extraTarget,
      API,
      'project-topic-missing',
      "Add the channel '/notifications' to Definitions/asyncapi.yaml",
    );
    assert.ok(added[DEFINITION]?.includes('  /notifications:\n'));
    const removed = applyFix(
      extraTarget,
      API,
      'project-topic-missing',
      "Remove the operations of '/notifications' from api.yaml",
    );
    assert.equal(removed[API], API_YAML);
    const extraChannel = {
      [DEFINITION]: BASE.replace('components:', '  /notifications:\n    subscribe: {}\ncomponents:'),
      [API]: API_YAML,
    };
    const withOperations = applyFix(
      extraChannel,
      DEFINITION,
      'project-topic-missing',
      "Add operations for '/notifications' to api.yaml",
    );
    assert.ok(withOperations[API]?.includes('target: /notifications'));
  });

  test('give api.yaml the verbs of the AsyncAPI channel: a missing one added, a stray one removed', () => {
    const stray = {
      [DEFINITION]: BASE,
      [API]: `${API_YAML}    - target: /rooms/{roomID}\n      verb: PUBLISH\n`,
    };
    const title = "Give '/rooms/{roomID}' in api.yaml the verbs of the AsyncAPI channel";
    assert.equal(applyFix(stray, API, 'project-verbs-differ', title)[API], API_YAML);
    const missing = {
      [DEFINITION]: BASE.replace('components:', '    publish:\n      x-uri-mapping: /say\ncomponents:'),
      [API]: API_YAML,
    };
    const added = applyFix(missing, DEFINITION, 'project-verbs-differ', title);
    assert.match(added[API] ?? '', /target: \/rooms\/\{roomID\}\n\s+verb: PUBLISH/);
  });
});
