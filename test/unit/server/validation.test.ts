import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';

import { parse as parseYaml } from 'yaml';

import type { ParserFinding } from '../../../server/src/officialParser/protocol';
import { parserDiagnostics } from '../../../server/src/service/parserDiagnostics';
import { DIAGNOSTIC_SOURCE, doValidation } from '../../../server/src/service/validation';

function validate(uri: string, languageId: string, text: string): Diagnostic[] {
  return doValidation(TextDocument.create(uri, languageId, 1, text)).diagnostics;
}

suite('doValidation', () => {
  test('a YAML error in an AsyncAPI document becomes an error diagnostic on its range', () => {
    const [diagnostic, ...rest] = validate(
      'file:///api/asyncapi.yaml',
      'yaml',
      'asyncapi: 2.6.0\ninfo:\n  title: A\n  title: B\n',
    );
    assert.deepEqual(rest, []);
    assert.deepEqual(diagnostic, {
      range: { start: { line: 3, character: 2 }, end: { line: 3, character: 3 } },
      severity: DiagnosticSeverity.Error,
      code: 'yaml-duplicate-key',
      source: DIAGNOSTIC_SOURCE,
      message: 'Map keys must be unique.',
    });
  });

  test('other YAML and JSON files get no diagnostics', () => {
    assert.deepEqual(validate('file:///k8s/deploy.yaml', 'yaml', 'a: [1, 2\n'), []);
    assert.deepEqual(validate('file:///pkg/package.json', 'json', '{"name": '), []);
  });

  test('the official parser runs only on AsyncAPI documents that parse', () => {
    const needsParser = (text: string): boolean =>
      doValidation(TextDocument.create('file:///a/asyncapi.yaml', 'yaml', 1, text)).needsParser;
    assert.equal(needsParser('asyncapi: 2.6.0\ninfo: {title: A, version: "1"}\nchannels: {}\n'), true);
    assert.equal(needsParser('asyncapi: 2.6.0\ninfo: {title: A\n'), false);
    assert.equal(needsParser('openapi: 3.0.0\n'), false);
  });

  test('the WSO2 flavour is recognised from the extensions', () => {
    const flavor = doValidation(
      TextDocument.create(
        'file:///a/asyncapi.yaml',
        'yaml',
        1,
        'asyncapi: 2.0.0\nchannels:\n  /a:\n    x-auth-type: Any\n',
      ),
    ).flavor;
    assert.equal(flavor, 'wso2');
  });

  test('files that are neither YAML nor JSON are ignored', () => {
    assert.deepEqual(validate('file:///notes.md', 'markdown', 'asyncapi: [\n'), []);
  });
});

suite("the parser's findings placed on the document", () => {
  const finding = (path: Array<string | number>): ParserFinding => ({
    code: 'invalid-ref',
    message: "'#/components/schemas/Missing' does not exist",
    severity: 0,
    path,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  });
  const YAML = `asyncapi: 2.6.0
info:
  title: A
  version: '1'
channels: {}
components:
  schemas:
    Event:
      allOf:
        - $ref: '#/components/schemas/Missing'
`;

  test("a broken $ref inside a list (the parser's path says allOf/0) is on the $ref's value, YAML and JSON", () => {
    const path = ['components', 'schemas', 'Event', 'allOf', '0', '$ref'];
    const yaml = TextDocument.create('file:///a/asyncapi.yaml', 'yaml', 1, YAML);
    const [inYaml] = parserDiagnostics([finding(path)], doValidation(yaml));
    assert.deepEqual(inYaml?.range, { start: { line: 9, character: 16 }, end: { line: 9, character: 46 } });
    const json = TextDocument.create(
      'file:///a/asyncapi.json',
      'json',
      1,
      JSON.stringify(parseYaml(YAML), null, 2),
    );
    const [inJson] = parserDiagnostics([finding(path)], doValidation(json));
    const line = json.getText().split('\n')[inJson?.range.start.line ?? 0] ?? '';
    assert.equal(line.trim(), '"$ref": "#/components/schemas/Missing"');
    assert.equal(inJson?.range.start.character, line.indexOf('"#/'));
  });
});
