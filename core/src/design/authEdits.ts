import { normalizeTopic } from '../wso2/topicTemplate';
import { SECURITY_OPTIONS, type SetAuthArgs, type TopicAuthType } from './commands';
import { validateAuthType } from './fields';
import { DesignError, OpenProject, type ProjectEdit, type ProjectTexts } from './project';
import { OPERATION_AUTH_TYPES, securitySchemeOf } from './wso2Files';

/**
 * Runtime auth: `security` becomes api.yaml `securityScheme` (an empty list makes every topic open, channel
 * `x-auth-type: None`, since WSO2 reads an empty scheme as OAuth2); `topic` + `authType` set one topic's
 * channel `x-auth-type` and its api.yaml operations' `authType`.
 */
export function setAuth(texts: ProjectTexts, args: SetAuthArgs): ProjectEdit {
  const project = new OpenProject(texts);
  if (args.security === undefined && args.topic === undefined && args.authType === undefined) {
    throw new DesignError(
      "Give 'security' (a list of 'oauth2', 'api_key'), or 'topic' and 'authType'.",
      'security',
    );
  }
  if (args.security !== undefined) {
    setSecurity(project, args.security);
  }
  if (args.topic !== undefined || args.authType !== undefined) {
    if (args.topic === undefined) {
      throw new DesignError("'topic' is missing: name the topic whose authType to set.", 'topic');
    }
    if (args.authType === undefined) {
      throw new DesignError(
        "'authType' is missing: 'Any' (credentials required) or 'None' (open topic).",
        'authType',
      );
    }
    const error = validateAuthType(args.authType);
    if (error !== undefined) {
      throw new DesignError(error, 'authType');
    }
    if (!project.allTopics().some((topic) => sameTopic(topic, args.topic ?? ''))) {
      throw new DesignError(
        `The API has no topic '${args.topic}': its topics are ${project.allTopics().join(', ')}.`,
        'topic',
      );
    }
    setTopicAuth(project, args.topic, args.authType);
  }
  return project.edit();
}

function sameTopic(a: string, b: string): boolean {
  return normalizeTopic(a) === normalizeTopic(b);
}

function setSecurity(project: OpenProject, security: readonly string[]): void {
  const unknown = security.find((option) => !(SECURITY_OPTIONS as readonly string[]).includes(option));
  if (!Array.isArray(security) || unknown !== undefined) {
    throw new DesignError(
      `security is a list of 'oauth2' and 'api_key' (empty: no auth)${unknown === undefined ? '' : `, not '${String(unknown)}'`}.`,
      'security',
    );
  }
  const scheme = securitySchemeOf(security as ReadonlyArray<(typeof SECURITY_OPTIONS)[number]>);
  const current = project.api.value(['data', 'securityScheme']);
  const same =
    Array.isArray(current) &&
    current.length === scheme.length &&
    scheme.every((entry) => current.includes(entry));
  if (!same) {
    project.api.set(['data', 'securityScheme'], scheme);
  }
  if (scheme.length === 0) {
    for (const topic of project.allTopics()) {
      setTopicAuth(project, topic, 'None');
    }
  }
}

function setTopicAuth(project: OpenProject, name: string, authType: TopicAuthType): void {
  const topic = project.topic(name);
  if (topic !== undefined && topic.channel['x-auth-type'] !== authType) {
    project.definition.set([...topic.path.map(String), 'x-auth-type'], authType);
  }
  for (const index of project.operationIndexes(name)) {
    const path = ['data', 'operations', index, 'authType'];
    if (project.api.value(path) !== OPERATION_AUTH_TYPES[authType]) {
      project.api.set(path, OPERATION_AUTH_TYPES[authType]);
    }
  }
}
