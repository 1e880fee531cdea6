// The "WebSocket APIs" view as data: what each row shows and which actions it offers. No VS Code API here, so
// that the tree is tested as plain objects; apiProjectsView.ts turns the nodes into TreeItems.
import { namesOfVerb, TOPIC_TYPES, type TopicType, type Verb } from '../../../core/src/asyncapi/verbs';
import type { ApiProjectSummary, ApiTopicSummary } from '../../../core/src/protocol';

/** `contextValue`s, which package.json's `view/item/context` menus match. */
export const PROJECT_ITEM = 'wsapiProject';
export const TOPIC_ITEM = 'wsapiTopic';

export interface ProjectNode {
  readonly kind: 'project';
  /** Stable across refreshes: the project folder. */
  readonly id: string;
  readonly project: ApiProjectSummary;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly contextValue: typeof PROJECT_ITEM;
  /** The project cannot be served as it is (`project.problem` says why). */
  readonly broken: boolean;
  readonly children: readonly TopicNode[];
}

export interface TopicNode {
  readonly kind: 'topic';
  readonly id: string;
  readonly project: ApiProjectSummary;
  readonly topic: ApiTopicSummary;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly contextValue: typeof TOPIC_ITEM;
}

export type ApiNode = ProjectNode | TopicNode;

export function topicTypes(verbs: readonly Verb[]): TopicType[] {
  return TOPIC_TYPES.filter((type) => verbs.some((verb) => namesOfVerb(verb).type === type));
}

/** The rows of the view: one per project, by name and version, with its topics in the order the API lists them. */
export function apiTree(projects: readonly ApiProjectSummary[]): ProjectNode[] {
  return projects.map((project) => {
    const place = [project.version, project.context].filter((part) => part !== undefined).join(' ');
    const security = project.securityScheme.length > 0 ? project.securityScheme.join(', ') : 'oauth2';
    return {
      kind: 'project',
      id: project.folder,
      project,
      label: project.name,
      description: project.problem === undefined ? place : `${place} (not servable)`.trimStart(),
      tooltip: [
        `${project.name} ${project.version ?? '(no version)'}`,
        `context: ${project.context ?? '(none)'}`,
        `security: ${security}`,
        `${project.topics.length} topic${project.topics.length === 1 ? '' : 's'}`,
        ...(project.problem === undefined ? [] : [`Problem: ${project.problem}`]),
      ].join('\n'),
      contextValue: PROJECT_ITEM,
      broken: project.problem !== undefined,
      children: project.topics.map((topic) => topicNode(project, topic)),
    };
  });
}

function topicNode(project: ApiProjectSummary, topic: ApiTopicSummary): TopicNode {
  const types = topicTypes(topic.verbs).join(' ');
  const mapping = topic.uriMapping === undefined ? '' : ` → ${topic.uriMapping}`;
  const open = topic.authType === 'None' ? ' (no auth)' : '';
  return {
    kind: 'topic',
    id: `${project.folder}#${topic.name}`,
    project,
    topic,
    label: topic.name,
    description: `${types}${mapping}${open}`,
    tooltip: [
      `${topic.name}: ${types === '' ? 'no operations' : types}`,
      `URL mapping: ${topic.uriMapping ?? '(the endpoint itself)'}`,
      `auth type: ${topic.authType ?? 'Any'}`,
      ...(topic.scopes !== undefined && topic.scopes.length > 0
        ? [`scopes: ${topic.scopes.join(', ')}`]
        : []),
    ].join('\n'),
    contextValue: TOPIC_ITEM,
  };
}

/** The contexts the workspace's APIs use: a new API must take another one. */
export function usedContexts(
  projects: readonly ApiProjectSummary[],
): Array<{ context: string; version?: string }> {
  return projects.flatMap(({ context, version }) =>
    context === undefined ? [] : [{ context, ...(version !== undefined && { version }) }],
  );
}
