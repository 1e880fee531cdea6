import { formatOf } from '../../document/documentFormat';
import { AUTH_TYPES } from '../../asyncapi/websocketRules';
import type { AssistDocument, AssistEnvironment, CompletionEntry } from './types';
import { valueEntry } from './entries';
import { topicParameterEntries } from './webSocket';
import { indexDocument } from '../cursor/indexDocument';
import type { CursorContext } from '../cursor/types';

const text = (description: string): Record<string, unknown> => ({ type: 'string', description });
const list = (
  description: string,
  items: Record<string, unknown> = { type: 'string' },
): Record<string, unknown> => ({
  type: 'array',
  description,
  items,
});
const endpoint = (which: string): Record<string, unknown> => ({
  type: 'object',
  description: `The ${which} WebSocket endpoint the gateway connects to.`,
  required: ['url'],
  properties: { url: text(`The ${which} backend URL, ws:// or wss://, e.g. ws://localhost:8080.`) },
});

/**
 * The fields of a WSO2 API project's api.yaml that matter for a WebSocket API, as a JSON Schema, so that
 * completion and hover read it like the AsyncAPI schemas (values from docs/wso2.md 4.1).
 */
export const API_YAML_SCHEMA: Record<string, unknown> = {
  type: 'object',
  required: ['type', 'version', 'data'],
  properties: {
    type: { enum: ['api'], description: 'The kind of apictl project file: `api`.' },
    version: text('The API Manager version whose format the file follows, e.g. v4.1.0.'),
    data: {
      type: 'object',
      description: 'The API.',
      required: ['name', 'context', 'version', 'type', 'endpointConfig', 'operations'],
      properties: {
        name: text('The API name; the AsyncAPI `info.title` should be the same.'),
        context: text(
          'The base path of the API on the gateway, e.g. /chats; `{version}` may stand for a whole segment.',
        ),
        version: text(
          'The API version, part of the gateway URL; the AsyncAPI `info.version` should be the same.',
        ),
        provider: text('The user that owns the API.'),
        type: { enum: ['WS'], description: 'The API type: `WS` for a WebSocket API.' },
        lifeCycleStatus: {
          enum: ['CREATED', 'PROTOTYPED', 'PUBLISHED', 'BLOCKED', 'DEPRECATED', 'RETIRED'],
          description: 'Where the API is in its life cycle.',
        },
        isDefaultVersion: {
          type: 'boolean',
          description: 'Also serve this version at /{context} without the version segment.',
        },
        transport: list('Empty for WebSocket APIs.'),
        tags: list('Tags shown in the Developer Portal.'),
        policies: list('Subscription policies; streaming APIs need an Async one.', {
          enum: ['AsyncUnlimited', 'AsyncGold', 'AsyncSilver', 'AsyncBronze'],
        }),
        apiThrottlingPolicy: text('The API-level throttling policy, e.g. Unlimited.'),
        authorizationHeader: text('The header that carries the OAuth2 token (default Authorization).'),
        securityScheme: list('How clients authenticate the handshake.', {
          enum: ['oauth2', 'api_key', 'oauth_basic_auth_api_key_mandatory'],
        }),
        visibility: {
          enum: ['PUBLIC', 'PRIVATE', 'RESTRICTED'],
          description: 'Who sees the API in the Developer Portal.',
        },
        endpointConfig: {
          type: 'object',
          description: 'Where the gateway forwards connections.',
          required: ['endpoint_type'],
          properties: {
            endpoint_type: { enum: ['ws'], description: '`ws` for a WebSocket API.' },
            production_endpoints: endpoint('production'),
            sandbox_endpoints: endpoint('sandbox'),
          },
        },
        endpointImplementationType: { enum: ['ENDPOINT'], description: 'A real backend endpoint.' },
        scopes: list('The OAuth2 scopes of the API.', { type: 'object' }),
        operations: list('The topics the gateway routes, one entry per topic and verb.', {
          type: 'object',
          required: ['target', 'verb'],
          properties: {
            id: text('Assigned by WSO2; empty in a new project.'),
            target: text('The topic, e.g. /rooms/{roomID}; `/*` matches every path.'),
            verb: {
              enum: ['SUBSCRIBE', 'PUBLISH'],
              description: 'SUBSCRIBE: the backend sends to clients; PUBLISH: clients send to the backend.',
            },
            authType: {
              enum: [...AUTH_TYPES, 'Application & Application User'],
              description: 'Whether the topic needs credentials: `None` opens it.',
            },
            throttlingPolicy: text('The topic-level throttling policy, e.g. Unlimited.'),
            scopes: list('Scopes a token needs for this topic.'),
            uriMapping: text(
              "Appended to the endpoint URL to make the topic's backend URL; `{uri.var.x}` is filled from the topic's `{x}`.",
            ),
          },
        }),
      },
    },
  },
};

/** api.yaml values that come from the project: topics of the AsyncAPI definition, `{uri.var.x}` in mappings. */
export function apiYamlValues(
  document: AssistDocument,
  context: CursorContext,
  offset: number,
  environment: AssistEnvironment,
): CompletionEntry[] | undefined {
  const path = context.path;
  if (path.length !== 4 || path[0] !== 'data' || path[1] !== 'operations') {
    return undefined;
  }
  if (path[3] === 'uriMapping') {
    const topic = document.index.scalarAt(['data', 'operations', path[2] ?? 0, 'target']);
    return topicParameterEntries(document, context, offset, topic);
  }
  if (path[3] === 'target') {
    return definitionTopics(environment).map((topic, index) =>
      valueEntry(document, context, topic, `0${index}`),
    );
  }
  return undefined;
}

/** The topics of the project's AsyncAPI definition: 2.x channel keys, 3.x channel addresses. */
function definitionTopics(environment: AssistEnvironment): string[] {
  const sibling = environment.projectSibling?.();
  const format = sibling === undefined ? undefined : formatOf(sibling.uri);
  if (sibling === undefined || format === undefined) {
    return [];
  }
  const index = indexDocument(sibling.text, format);
  const v3 = index.scalarAt(['asyncapi'])?.startsWith('3') === true;
  return (index.keysAt(['channels']) ?? []).map((key) =>
    v3 ? (index.scalarAt(['channels', key, 'address']) ?? key) : key,
  );
}
