import { isRecord, readTopics, type Finding, type JsonPath, type Verb } from '../../../core/src';

/** Where each file of a WSO2 API project went wrong against the other. */
export interface ProjectFindings {
  readonly api: Finding[];
  readonly asyncapi: Finding[];
}

interface Operation {
  readonly target: string;
  readonly verb: Verb;
  readonly uriMapping: string | undefined;
  readonly path: JsonPath;
}

/**
 * api.yaml and Definitions/asyncapi.yaml of one project must tell the same story: the same topics, verbs and URL
 * mappings, the same name and version. WSO2 lets them drift: on import it replaces api.yaml's topics with the
 * AsyncAPI channels, while its gateway routes by api.yaml's operations, and users lose topics and mappings.
 * Each difference is reported on both files.
 */
export function checkProjectConsistency(apiRoot: unknown, asyncApiRoot: unknown): ProjectFindings {
  const findings: ProjectFindings = { api: [], asyncapi: [] };
  const data = isRecord(apiRoot) && isRecord(apiRoot['data']) ? apiRoot['data'] : undefined;
  if (data === undefined || !isRecord(asyncApiRoot)) {
    return findings;
  }
  checkIdentity(data, asyncApiRoot, findings);
  const operations = readOperations(data['operations']);
  if (operations.length === 0) {
    return findings; // the gateway takes the AsyncAPI channels as they are
  }
  const topics = readTopics(asyncApiRoot).filter((topic) => topic.hasAddress);
  const targets = [...new Set(operations.map((operation) => operation.target))];
  for (const target of targets) {
    const own = operations.filter((operation) => operation.target === target);
    const topic = topics.find((candidate) => candidate.name === target);
    if (topic === undefined) {
      warn(
        findings.api,
        [...(own[0]?.path ?? []), 'target'],
        'project-topic-missing',
        `The topic '${target}' is not a channel of Definitions/asyncapi.yaml: WSO2 keeps the AsyncAPI channels on import and this topic would be lost. Add the channel, or remove the operations.`,
      );
      continue;
    }
    const apiVerbs = own.map((operation) => operation.verb).sort();
    const asyncVerbs = [...new Set(topic.operations.map((operation) => operation.verb))].sort();
    if (apiVerbs.join() !== asyncVerbs.join()) {
      const message = `The topic '${target}' is ${apiVerbs.join(' and ') || 'no operation'} in api.yaml but ${asyncVerbs.join(' and ') || 'no operation'} in Definitions/asyncapi.yaml: give both the same verbs.`;
      warn(findings.api, [...(own[0]?.path ?? []), 'target'], 'project-verbs-differ', message);
      warn(
        findings.asyncapi,
        topic.namePath,
        'project-verbs-differ',
        message,
        topic.namePath === topic.path ? 'key' : 'value',
      );
    }
    for (const operation of own) {
      const counterpart = topic.operations.find((candidate) => candidate.verb === operation.verb);
      const mapping = counterpart?.value['x-uri-mapping'];
      const asyncMapping = typeof mapping === 'string' && mapping !== '' ? mapping : undefined;
      if (counterpart === undefined || asyncMapping === operation.uriMapping) {
        continue;
      }
      const message = `The ${operation.verb} URL mapping of '${target}' is ${quote(operation.uriMapping)} in api.yaml but ${quote(asyncMapping)} in Definitions/asyncapi.yaml: give both the same value.`;
      warn(
        findings.api,
        [...operation.path, operation.uriMapping === undefined ? 'target' : 'uriMapping'],
        'project-mapping-differs',
        message,
      );
      warn(
        findings.asyncapi,
        asyncMapping === undefined ? counterpart.path : [...counterpart.path, 'x-uri-mapping'],
        'project-mapping-differs',
        message,
        asyncMapping === undefined ? 'key' : 'value',
      );
    }
  }
  for (const topic of topics) {
    if (!targets.includes(topic.name)) {
      warn(
        findings.asyncapi,
        topic.namePath,
        'project-topic-missing',
        `The channel '${topic.name}' is not an operation of api.yaml: the gateway routes by api.yaml's operations, so clients cannot reach it. Add operations with target '${topic.name}'.`,
        topic.namePath === topic.path ? 'key' : 'value',
      );
    }
  }
  return findings;
}

function checkIdentity(
  data: Record<string, unknown>,
  asyncApiRoot: Record<string, unknown>,
  findings: ProjectFindings,
): void {
  const info = isRecord(asyncApiRoot['info']) ? asyncApiRoot['info'] : {};
  for (const [apiKey, infoKey, code] of [
    ['name', 'title', 'project-title-differs'],
    ['version', 'version', 'project-version-differs'],
  ] as const) {
    const apiValue = scalar(data[apiKey]);
    const asyncValue = scalar(info[infoKey]);
    if (apiValue === undefined || asyncValue === undefined || apiValue === asyncValue) {
      continue;
    }
    const message = `api.yaml's ${apiKey} is '${apiValue}' but the AsyncAPI info.${infoKey} is '${asyncValue}': WSO2 writes the same value in both.`;
    warn(findings.api, ['data', apiKey], code, message);
    warn(findings.asyncapi, ['info', infoKey], code, message);
  }
}

function readOperations(value: unknown): Operation[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.flatMap((operation, index): Operation[] => {
    if (!isRecord(operation) || typeof operation['target'] !== 'string') {
      return [];
    }
    const verb = operation['verb'];
    if (verb !== 'SUBSCRIBE' && verb !== 'PUBLISH') {
      return [];
    }
    const mapping = operation['uriMapping'];
    return [
      {
        target: operation['target'],
        verb,
        uriMapping: typeof mapping === 'string' && mapping !== '' ? mapping : undefined,
        path: ['data', 'operations', index],
      },
    ];
  });
}

function warn(
  list: Finding[],
  path: JsonPath,
  code: string,
  message: string,
  target: Finding['target'] = 'value',
): void {
  list.push({ code, message, severity: 'warning', path, target });
}

function scalar(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function quote(mapping: string | undefined): string {
  return mapping === undefined ? 'not set' : `'${mapping}'`;
}
