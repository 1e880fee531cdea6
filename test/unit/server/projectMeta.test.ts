import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { doValidation, type WorkspaceContext } from '../../../server/src/service/validation';
import { apiYamlText } from '../../support/apiYamlFixture';

const FOLDER = 'file:///work/Chats-1.0.0';
const API_YAML = apiYamlText();
const workspace: WorkspaceContext = {
  readFile: (uri) => (uri === `${FOLDER}/api.yaml` ? API_YAML : undefined),
};

/** The codes of the diagnostics and the text each one covers. */
function check(file: string, text: string): Array<[string, string]> {
  const document = TextDocument.create(`${FOLDER}/${file}`, 'yaml', 1, text);
  return doValidation(document, workspace).diagnostics.map((d) => [
    String(d.code),
    text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end)),
  ]);
}

suite('doValidation: deployment_environments.yaml and api_meta.yaml of a WSO2 project', () => {
  test('the files apictl init writes are clean', () => {
    assert.deepEqual(
      check(
        'deployment_environments.yaml',
        'type: deployment_environments\nversion: v4.7.0\ndata:\n -\n   displayOnDevportal: true\n   deploymentEnvironment: Default\n',
      ),
      [],
    );
    assert.deepEqual(
      check(
        'api_meta.yaml',
        'name: Chats\nversion: 1.0.0\ndeploy:\n  import:\n    update: true\n    preserveProvider: true\n',
      ),
      [],
    );
  });

  const cases: ReadonlyArray<readonly [string, string, string, Array<[string, string]>]> = [
    [
      'a wrong type',
      'deployment_environments.yaml',
      'type: environments\ndata:\n  - deploymentEnvironment: Default\n',
      [['wso2-deployment-type', 'environments']],
    ],
    [
      'an environment without its name',
      'deployment_environments.yaml',
      'type: deployment_environments\ndata:\n  - displayOnDevportal: true\n',
      [['wso2-deployment-environment', 'displayOnDevportal: true']],
    ],
    [
      'no environment at all',
      'deployment_environments.yaml',
      'type: deployment_environments\ndata: []\n',
      [['wso2-deployment-data', '[]']],
    ],
    [
      'displayOnDevportal as text',
      'deployment_environments.yaml',
      'type: deployment_environments\ndata:\n  - deploymentEnvironment: Default\n    displayOnDevportal: "yes"\n',
      [['wso2-deployment-environment', '"yes"']],
    ],
    [
      "a version that is not api.yaml's",
      'api_meta.yaml',
      'name: Chats\nversion: 2.0.0\n',
      [['project-meta-differs', '2.0.0']],
    ],
    [
      'an import option that is not true or false',
      'api_meta.yaml',
      'name: Chats\ndeploy:\n  import:\n    update: always\n',
      [['wso2-meta-field', 'always']],
    ],
  ];
  for (const [name, file, text, expected] of cases) {
    test(name, () => assert.deepEqual(check(file, text), expected));
  }
});
