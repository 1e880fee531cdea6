// Try Topic's questions as a flow apart from VS Code (tested as data): which API and topic, which credential
// (asked for once when none is stored), and the URL to connect to with the topic's blanks filled in.
import { isRecord } from '../../../core/src/document/documentKind';
import type { ApiProjectSummary, ApiTopicSummary } from '../../../core/src/protocol';
import type { Questions } from '../design/designQuestions';
import { topicTypes } from '../views/apiTree';
import type { EditorCredentials, GatewayRoute } from './gatewayProcess';
import { credentialFor, fillRoute, routeBlanks, routesOfTopic, type Credential } from './topicRoutes';

/** Arguments of `wsapi.tryTopic` (a row of the WebSocket APIs view gives project and topic). */
export interface TryTopicArgs {
  /** The project folder (or its api.yaml or definition), as a URI. */
  readonly project?: string;
  readonly topic?: string;
  /** Values of the topic's `{parameters}`. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** For a topic ending in `/*`: the sub-path to connect to (may be empty). */
  readonly path?: string;
  /** Messages to send once connected; with them, no input box is shown. */
  readonly messages?: readonly string[];
}

export interface TryTarget {
  readonly project: ApiProjectSummary;
  readonly topic: ApiTopicSummary;
}

const TITLE = 'Try Topic';

/** The arguments of a run: an argument object, or a row of the view. */
export function tryTopicArgs(first: unknown): TryTopicArgs {
  if (!isRecord(first)) {
    return {};
  }
  if ((first.kind === 'project' || first.kind === 'topic') && isRecord(first.project)) {
    const project = typeof first.project.folder === 'string' ? first.project.folder : undefined;
    const topic =
      isRecord(first.topic) && typeof first.topic.name === 'string' ? first.topic.name : undefined;
    return { ...(project !== undefined && { project }), ...(topic !== undefined && { topic }) };
  }
  const messages = Array.isArray(first.messages) ? first.messages.map((item) => String(item)) : undefined;
  return {
    ...(typeof first.project === 'string' && { project: first.project }),
    ...(typeof first.topic === 'string' && { topic: first.topic }),
    ...(isRecord(first.parameters) && {
      parameters: Object.fromEntries(
        Object.entries(first.parameters).map(([key, value]) => [key, String(value)]),
      ),
    }),
    ...(typeof first.path === 'string' && { path: first.path }),
    ...(messages !== undefined && { messages }),
  };
}

/** The API and topic: named by the arguments, else picked among the servable APIs. */
export async function chooseTarget(
  args: TryTopicArgs,
  projects: readonly ApiProjectSummary[],
  questions: Questions,
): Promise<TryTarget | undefined> {
  const servable = projects.filter((project) => project.problem === undefined);
  let project: ApiProjectSummary | undefined;
  if (args.project !== undefined) {
    const named = args.project;
    project = projects.find((candidate) =>
      [candidate.folder, candidate.apiFile, candidate.definition].includes(named),
    );
    if (project === undefined) {
      questions.error(`WebSocket API: ${named} is not a WebSocket API project of the workspace.`);
      return undefined;
    }
  } else if (servable.length <= 1) {
    project = servable[0];
    if (project === undefined) {
      questions.error(
        'WebSocket API: no API project can be served: create one, or fix the problems the view shows.',
      );
      return undefined;
    }
  } else {
    const items = servable.map((candidate) => ({
      label: candidate.name,
      description: [candidate.version, candidate.context].filter(Boolean).join(' '),
      project: candidate,
    }));
    project = (await questions.pick({ title: TITLE, placeHolder: 'The API', items }))?.project;
  }
  if (project === undefined) {
    return undefined;
  }
  if (args.topic !== undefined) {
    const named = args.topic;
    const topic = project.topics.find((candidate) => candidate.name === named);
    if (topic === undefined) {
      const known = project.topics.map((candidate) => candidate.name).join(', ');
      questions.error(`WebSocket API: ${project.name} has no topic ${named}: pick one of ${known}.`);
      return undefined;
    }
    return { project, topic };
  }
  const items = project.topics.map((topic) => ({
    label: topic.name,
    description: topicTypes(topic.verbs).join(' '),
    topic,
  }));
  const chosen = await questions.pick({ title: TITLE, placeHolder: `The topic of ${project.name}`, items });
  return chosen === undefined ? undefined : { project, topic: chosen.topic };
}

/** The credential to send; `store` is a credential the user just entered (to keep, and to give the gateway). */
export interface CredentialChoice {
  readonly credential: Credential;
  readonly store?: { readonly kind: keyof EditorCredentials; readonly value: string };
}

/** The stored credential the topic needs, or the one the user enters now (the API's kinds only). */
export async function chooseCredential(
  { project, topic }: TryTarget,
  stored: EditorCredentials,
  questions: Questions,
): Promise<CredentialChoice | undefined> {
  const credential = credentialFor(project, topic, stored);
  if (credential.kind !== 'missing') {
    return { credential };
  }
  const kinds = {
    oauth2: { label: 'OAuth2 access token', kind: 'oauth2Token' },
    apiKey: { label: 'API key', kind: 'apiKey' },
  } as const;
  const items = credential.accepted.map((accepted) => ({ label: kinds[accepted].label, accepted }));
  const chosen =
    items.length === 1
      ? items[0]
      : await questions.pick({
          title: TITLE,
          placeHolder: `${topic.name} needs credentials: which kind do you use?`,
          items,
        });
  if (chosen === undefined) {
    return undefined;
  }
  const label = kinds[chosen.accepted].label;
  const value = await questions.input({
    title: TITLE,
    prompt: `${topic.name} needs credentials: the ${label} the local gateway accepts (kept in VS Code's secret storage)`,
    password: true,
    validate: (text) => (text.trim() === '' ? `Enter an ${label}, e.g. my-dev-key.` : undefined),
  });
  if (value === undefined) {
    return undefined;
  }
  return {
    credential: { kind: chosen.accepted, value: value.trim() },
    store: { kind: kinds[chosen.accepted].kind, value: value.trim() },
  };
}

/** The URL of the topic on the gateway, with its `{parameters}` (and a `/*` topic's sub-path) filled in. */
export async function chooseUrl(
  routes: readonly GatewayRoute[],
  { project, topic }: TryTarget,
  args: TryTopicArgs,
  questions: Questions,
): Promise<string | undefined> {
  const route = routesOfTopic(routes, project, topic.name)[0];
  if (route === undefined) {
    questions.error(
      `WebSocket API: the gateway does not serve ${topic.name} of ${project.name}: it started before the topic ` +
        'was added or while the project had a problem. Stop and start the gateway.',
    );
    return undefined;
  }
  const blanks = routeBlanks(route);
  const values: Record<string, string> = { ...args.parameters };
  for (const name of blanks.parameters.filter((parameter) => values[parameter] === undefined)) {
    const value = await questions.input({
      title: `Try ${topic.name}`,
      prompt: `The value of {${name}}`,
      validate: (text) => (text === '' ? `{${name}} needs a value, e.g. lobby.` : undefined),
    });
    if (value === undefined) {
      return undefined;
    }
    values[name] = value;
  }
  let rest = args.path;
  if (blanks.wildcard && rest === undefined) {
    rest = await questions.input({
      title: `Try ${topic.name}`,
      prompt: `The path under ${route.url.slice(0, -2)} (empty: the API itself)`,
      placeHolder: 'notifications',
    });
    if (rest === undefined) {
      return undefined;
    }
  }
  return fillRoute(route, values, rest);
}
