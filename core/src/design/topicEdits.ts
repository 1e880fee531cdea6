import { topicParameters, TOPIC_TYPES, VERBS, verbOfType, type Verb } from '../asyncapi';
import { isRecord } from '../document/documentKind';
import type { AddTopicArgs } from './commands';
import { validateTopic, validateUriMapping } from './fields';
import { DesignError, OpenProject, type ProjectEdit, type ProjectTexts } from './project';
import {
  apiOperation,
  channel2,
  channel3,
  channelKey3,
  channelRef,
  operation3,
  operationExtensions,
  sortVerbs,
  type TopicSpec,
} from './wso2Files';

/**
 * Adds a topic to both files of a project: the AsyncAPI channel (parameters, operations with `x-uri-mapping`,
 * description) and the api.yaml operations (target, verb, uriMapping). An existing topic gets the missing
 * verbs, and the given mappings and description, instead of a second entry.
 */
export function addTopic(texts: ProjectTexts, args: AddTopicArgs & { readonly topic: string }): ProjectEdit {
  const spec = topicSpec(args);
  const project = new OpenProject(texts);
  if (project.major === 2) {
    addChannel2(project, spec);
  } else {
    addChannel3(project, spec);
  }
  addOperations(project, spec);
  return project.edit();
}

function topicSpec(args: AddTopicArgs & { readonly topic: string }): TopicSpec {
  const topicError = validateTopic(args.topic);
  if (topicError !== undefined) {
    throw new DesignError(topicError, 'topic');
  }
  const types = args.types ?? TOPIC_TYPES;
  const unknown = types.find((type) => !(TOPIC_TYPES as readonly string[]).includes(type));
  if (types.length === 0 || unknown !== undefined) {
    throw new DesignError(
      `types is a non-empty list of 'PUB' and 'SUB'${unknown === undefined ? '' : `, not '${String(unknown)}'`}.`,
      'types',
    );
  }
  const mappings: Partial<Record<Verb, string>> = {};
  for (const [type, field, given] of [
    ['PUB', 'pubUriMapping', args.pubUriMapping ?? args.uriMapping],
    ['SUB', 'subUriMapping', args.subUriMapping ?? args.uriMapping],
  ] as const) {
    if (given === undefined || !types.includes(type)) {
      continue;
    }
    const error = validateUriMapping(given, args.topic);
    if (error !== undefined) {
      throw new DesignError(error, args.uriMapping === given ? 'uriMapping' : field);
    }
    mappings[verbOfType(type)] = given;
  }
  return {
    topic: args.topic,
    verbs: sortVerbs(types.map(verbOfType)),
    uriMappings: mappings,
    ...(args.description !== undefined && { description: args.description }),
  };
}

function addChannel2(project: OpenProject, spec: TopicSpec): void {
  const existing = project.topic(spec.topic);
  const editor = project.definition;
  if (existing === undefined) {
    OpenProject.ensureEntry(editor, ['channels'], spec.topic, channel2(spec));
    return;
  }
  for (const { verb, operationKey: key } of VERBS.filter(({ verb }) => spec.verbs.includes(verb))) {
    const mapping = spec.uriMappings?.[verb];
    if (!isRecord(existing.channel[key])) {
      editor.set([...existing.path, key], operationExtensions(spec, verb));
    } else if (mapping !== undefined) {
      editor.set([...existing.path, key, 'x-uri-mapping'], mapping);
    }
  }
  updateChannel(project, spec, existing.path.map(String), { description: '', schema: { type: 'string' } });
}

function addChannel3(project: OpenProject, spec: TopicSpec): void {
  const existing = project.topic(spec.topic);
  const editor = project.definition;
  if (existing === undefined) {
    const built = channel3(spec);
    OpenProject.ensureEntry(editor, ['channels'], channelKey3(spec.topic), built.channel);
    for (const [id, operation] of built.operations) {
      OpenProject.ensureEntry(editor, ['operations'], id, operation);
    }
    return;
  }
  const key = String(existing.path[1]);
  for (const verb of spec.verbs) {
    const mapping = spec.uriMappings?.[verb];
    const operation = existing.operations.find((candidate) => candidate.verb === verb);
    if (operation === undefined) {
      const { id, action } = operation3(spec.topic, verb);
      OpenProject.ensureEntry(editor, ['operations'], id, {
        action,
        channel: { $ref: channelRef(key) },
        ...operationExtensions(spec, verb),
      });
    } else if (mapping !== undefined) {
      editor.set([...operation.path.map(String), 'x-uri-mapping'], mapping);
    }
  }
  updateChannel(project, spec, existing.path.map(String), { description: '' });
}

/** The description, and a `parameters` entry for each `{name}` of the topic the channel does not declare. */
function updateChannel(project: OpenProject, spec: TopicSpec, path: string[], parameter: unknown): void {
  const topic = project.topic(spec.topic);
  if (topic === undefined) {
    return;
  }
  for (const name of topicParameters(topic.name).filter((name) => !topic.parameters.includes(name))) {
    OpenProject.ensureEntry(project.definition, [...path, 'parameters'], name, parameter);
  }
  if (spec.description !== undefined) {
    project.definition.set([...path, 'description'], spec.description);
  }
}

function addOperations(project: OpenProject, spec: TopicSpec): void {
  const operations = project.operations();
  const first = operations.find(isRecord);
  const throttling = typeof first?.['throttlingPolicy'] === 'string' ? first['throttlingPolicy'] : undefined;
  const channelAuth = project.topic(spec.topic)?.channel['x-auth-type'];
  const authType = channelAuth === 'None' || channelAuth === 'Any' ? channelAuth : undefined;
  const added: Array<Record<string, unknown>> = [];
  for (const verb of spec.verbs) {
    const [index] = project.operationIndexes(spec.topic, verb);
    const mapping = spec.uriMappings?.[verb];
    if (index === undefined) {
      added.push(apiOperation({ ...spec, authType }, verb, throttling));
    } else if (mapping !== undefined) {
      project.api.set(['data', 'operations', index, 'uriMapping'], mapping);
    }
  }
  if (added.length > 0) {
    project.api.append(['data', 'operations'], ...added);
  }
}

/**
 * Removes a topic from both files: its channel (and AsyncAPI 3 operations) and its api.yaml operations. The
 * last topic is refused, as WSO2 refuses an API without resources.
 */
export function deleteTopic(texts: ProjectTexts, topic: string): ProjectEdit {
  const project = new OpenProject(texts);
  const topics = project.allTopics();
  const existing = project.topic(topic);
  const indexes = project.operationIndexes(topic);
  if (existing === undefined && indexes.length === 0) {
    throw new DesignError(`The API has no topic '${topic}': its topics are ${topics.join(', ')}.`, 'topic');
  }
  if (topics.length <= 1) {
    throw new DesignError(
      `'${topic}' is the API's last topic and WSO2 refuses an API without one ("API must have at least one resource defined"): add another topic first.`,
      'topic',
    );
  }
  if (existing !== undefined) {
    const operationPaths = project.major === 3 ? existing.operations.map((operation) => operation.path) : [];
    for (const path of [...operationPaths].reverse()) {
      project.definition.remove(path);
    }
    project.definition.remove(existing.path);
  }
  for (const index of [...indexes].reverse()) {
    project.api.remove(['data', 'operations', index]);
  }
  return project.edit();
}
