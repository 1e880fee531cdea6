import type { ParsedDocument } from '../document';
import { isRecord } from '../document/documentKind';
import { topicParameters, type Verb } from '../asyncapi';
import type { ApiTopic, ProjectProblem, WsApi } from './apiModel';
import { readApiYaml, type ApiOperation } from './apiYaml';
import { readAsyncApiTopics } from './asyncApiTopics';
import { ProblemSink } from './projectProblems';
import { normalizeTopic } from './topicTemplate';
import { mappingVariables } from './uriMapping';

/** What an API project holds, as far as the gateway is concerned. */
export type ApiProjectReading =
  | { readonly kind: 'ws'; readonly api: WsApi; readonly problems: readonly ProjectProblem[] }
  | { readonly kind: 'not-ws'; readonly type: string; readonly problems: readonly ProjectProblem[] }
  | { readonly kind: 'invalid'; readonly problems: readonly ProjectProblem[] };

/**
 * Builds the model of an apictl API project from its parsed api.yaml and (when present) its
 * Definitions/asyncapi file. Topics come from api.yaml `operations`, as the WSO2 gateway uses them; the AsyncAPI
 * channels give them examples and auth types, and are the topics when `operations` is empty.
 */
export function readApiProject(
  apiYaml: ParsedDocument,
  asyncApi: ParsedDocument | undefined,
): ApiProjectReading {
  const apiSink = new ProblemSink(apiYaml, 'api');
  const asyncSink = asyncApi && new ProblemSink(asyncApi, 'asyncapi');
  const reading = readApiYaml(apiYaml, apiSink);
  const problems = (): ProjectProblem[] => [...apiSink.problems, ...(asyncSink?.problems ?? [])];
  if (reading.kind !== 'ws') {
    return { ...reading, problems: problems() };
  }
  if (asyncApi === undefined) {
    apiSink.warning(
      ['data', 'type'],
      'wso2-no-asyncapi',
      'Definitions/asyncapi.yaml is missing: WSO2 needs it.',
    );
  }
  const channels = readAsyncApiTopics(asyncApi?.root);
  const { operations, ...fields } = reading.api;
  const topics = operations.length > 0 ? topicsOfOperations(operations, channels) : channels.map(asTopic);
  if (topics.length === 0) {
    apiSink.error(
      ['data', 'operations'],
      'wso2-no-topics',
      'The API has no topics: add operations (target /*, verbs SUBSCRIBE and PUBLISH) or AsyncAPI channels.',
    );
  }
  topics.forEach((topic) => checkMapping(topic, operations, apiSink));
  const definitionRoot = isRecord(asyncApi?.root) ? asyncApi.root : undefined;
  const api: WsApi = { ...fields, topics, ...(definitionRoot !== undefined && { definitionRoot }) };
  const all = problems();
  return all.some((problem) => problem.severity === 'error')
    ? { kind: 'invalid', problems: all }
    : { kind: 'ws', api, problems: all };
}

function topicsOfOperations(operations: readonly ApiOperation[], channels: ApiTopic[]): ApiTopic[] {
  const byName = new Map<
    string,
    { verbs: Verb[]; uriMapping?: string; authType?: string; scopes: Set<string> }
  >();
  for (const operation of operations) {
    const entry = byName.get(operation.target) ?? { verbs: [], scopes: new Set<string>() };
    if (!entry.verbs.includes(operation.verb)) {
      entry.verbs.push(operation.verb);
    }
    // One mapping per topic: the last operation that has one wins, as in WSO2's TemplateBuilderUtil.
    if (operation.uriMapping !== undefined && operation.uriMapping !== '') {
      entry.uriMapping = operation.uriMapping;
    }
    entry.authType ??= operation.authType;
    operation.scopes?.forEach((scope) => entry.scopes.add(scope));
    byName.set(operation.target, entry);
  }
  return [...byName].map(([name, entry]) => {
    const channel = channels.find((candidate) => sameTopic(candidate.name, name));
    const authType = channel?.authType ?? entry.authType;
    // The AsyncAPI's x-scopes are what WSO2 reads on import; api.yaml's operation scopes otherwise.
    const scopes = channel?.scopes ?? [...entry.scopes];
    return {
      name,
      verbs: entry.verbs,
      ...(entry.uriMapping !== undefined && { uriMapping: entry.uriMapping }),
      ...(authType !== undefined && { authType }),
      ...(scopes.length > 0 && { scopes }),
      examples: channel?.examples ?? [],
      ...(channel?.messages !== undefined && { messages: channel.messages }),
      ...(channel?.mock !== undefined && { mock: channel.mock }),
    };
  });
}

/** A channel as a topic: one with no operation takes both verbs. */
export function asTopic(channel: ApiTopic): ApiTopic {
  return channel.verbs.length > 0 ? channel : { ...channel, verbs: ['SUBSCRIBE', 'PUBLISH'] };
}

function sameTopic(a: string, b: string): boolean {
  return normalizeTopic(a) === normalizeTopic(b);
}

function checkMapping(topic: ApiTopic, operations: readonly ApiOperation[], sink: ProblemSink): void {
  const known = topicParameters(topic.name);
  const unknown = mappingVariables(topic.uriMapping ?? '').filter((name) => !known.includes(name));
  if (unknown.length === 0) {
    return;
  }
  const index = operations.findIndex((operation) => operation.target === topic.name);
  sink.error(
    index === -1 ? ['data', 'operations'] : ['data', 'operations', index, 'uriMapping'],
    'wso2-mapping-variable',
    `The URL mapping of ${topic.name} uses {uri.var.${unknown[0] ?? ''}} but the topic has no {${unknown[0] ?? ''}}: ` +
      `use one of ${known.length > 0 ? known.map((name) => `{uri.var.${name}}`).join(', ') : '(none)'} or add it to the topic.`,
  );
}
