import type { ParsedDocument } from '../document';
import { isRecord } from '../document/documentKind';
import type { ProblemSink } from './projectProblems';

/**
 * deployment_environments.yaml as apictl reads it (docs/wso2.md 4.2): `type: deployment_environments` and a
 * list of gateway environments to deploy to; problems go to the sink.
 */
export function checkDeploymentEnvironments(parsed: ParsedDocument, sink: ProblemSink): void {
  const root = parsed.root;
  if (parsed.problems.some((problem) => problem.severity === 'error') || !isRecord(root)) {
    return;
  }
  if (root.type !== 'deployment_environments') {
    sink.error(
      ['type'],
      'wso2-deployment-type',
      "deployment_environments.yaml must say 'type: deployment_environments'.",
    );
  }
  const data = root.data;
  if (!Array.isArray(data)) {
    sink.error(
      ['data'],
      'wso2-deployment-data',
      "'data' must be a list of environments, e.g. '- deploymentEnvironment: Default'.",
    );
    return;
  }
  if (data.length === 0) {
    sink.warning(
      ['data'],
      'wso2-deployment-data',
      'No environment: apictl import updates the working copy and deploys nothing. Add "- deploymentEnvironment: Default".',
    );
  }
  data.forEach((entry: unknown, index) => {
    const path = ['data', index];
    if (
      !isRecord(entry) ||
      typeof entry.deploymentEnvironment !== 'string' ||
      entry.deploymentEnvironment === ''
    ) {
      sink.error(
        path,
        'wso2-deployment-environment',
        "Each environment needs 'deploymentEnvironment: <gateway environment name>', e.g. Default.",
      );
      return;
    }
    if (entry.displayOnDevportal !== undefined && typeof entry.displayOnDevportal !== 'boolean') {
      sink.error(
        [...path, 'displayOnDevportal'],
        'wso2-deployment-environment',
        "'displayOnDevportal' is true or false.",
      );
    }
  });
}

/** api_meta.yaml (apictl's MetaData): name and version, which must be those of api.yaml. */
export function checkApiMeta(parsed: ParsedDocument, apiYamlRoot: unknown, sink: ProblemSink): void {
  const root = parsed.root;
  if (parsed.problems.some((problem) => problem.severity === 'error') || !isRecord(root)) {
    return;
  }
  const api = isRecord(apiYamlRoot) && isRecord(apiYamlRoot.data) ? apiYamlRoot.data : undefined;
  for (const key of ['name', 'version'] as const) {
    const value = root[key];
    if (value !== undefined && typeof value !== 'string' && typeof value !== 'number') {
      sink.error(
        [key],
        'wso2-meta-field',
        `'${key}' is text, e.g. ${key}: ${key === 'name' ? 'Chats' : '1.0.0'}.`,
      );
      continue;
    }
    const wanted = api?.[key];
    const expected = typeof wanted === 'string' || typeof wanted === 'number' ? String(wanted) : undefined;
    if (value !== undefined && expected !== undefined && String(value) !== expected) {
      sink.warning(
        [key],
        'project-meta-differs',
        `api_meta.yaml says ${key} '${String(value)}' but api.yaml says '${expected}': apictl uses api.yaml; make them agree.`,
      );
    }
  }
  const deploy = root.deploy;
  const options = isRecord(deploy) && isRecord(deploy.import) ? deploy.import : undefined;
  for (const [key, value] of Object.entries(options ?? {})) {
    if (typeof value !== 'boolean') {
      sink.error(['deploy', 'import', key], 'wso2-meta-field', `deploy.import.${key} is true or false.`);
    }
  }
}
