/**
 * The files of an apictl WebSocket API project as WSO2 writes them (docs/wso2.md 1.1-1.4 and 4): plain
 * values, rendered to YAML by the callers. Instance-specific fields WSO2 assigns on its server (id, createdTime,
 * lastUpdatedTime, organizationId) are left out: apictl import fills them.
 */
import { namesOfVerb, topicParameters, VERBS, type Verb } from '../asyncapi';
import type { AsyncApiVersion, SecurityOption, TopicAuthType } from './commands';

/** The apictl project format version, as in WSO2's exported WebSocket sample (docs/wso2.md 4.1). */
export const APICTL_PROJECT_VERSION = 'v4.1.0';
/** A new API's one topic (docs/wso2.md 2.2). */
export const DEFAULT_TOPIC = '/*';
/** What the Publisher writes when runtime auth needs OAuth2 or an API key. */
export const MANDATORY_SCHEME = 'oauth_basic_auth_api_key_mandatory';
/** api.yaml `operations[].authType` for a channel `x-auth-type` (WSO2 exports `Any` with its display name). */
export const OPERATION_AUTH_TYPES: Readonly<Record<TopicAuthType, string>> = {
  Any: 'Application & Application User',
  None: 'None',
};
/** The implicit flow WSO2 writes into every definition (`updateAsyncAPIDefinition`). */
export const AUTHORIZATION_URL = 'http://localhost:9999';

/** One topic of an API, as the design commands write it into both files. */
export interface TopicSpec {
  readonly topic: string;
  /** In WSO2's order: SUBSCRIBE, then PUBLISH. */
  readonly verbs: readonly Verb[];
  readonly uriMappings?: Partial<Readonly<Record<Verb, string>>>;
  readonly description?: string;
  readonly authType?: TopicAuthType;
  readonly scopes?: Partial<Readonly<Record<Verb, readonly string[]>>>;
}

/** A scope of the API (api.yaml `scopes`, AsyncAPI implicit-flow `scopes` and `x-scopes-bindings`). */
export interface ScopeSpec {
  readonly name: string;
  readonly description: string;
  readonly roles: readonly string[];
}

export interface ApiSpec {
  readonly name: string;
  readonly context: string;
  readonly version: string;
  readonly description?: string;
  readonly endpoint: string;
  readonly sandboxEndpoint: string;
  readonly securityScheme: readonly string[];
  readonly scopes: readonly ScopeSpec[];
  readonly topics: readonly TopicSpec[];
}

/** api.yaml `securityScheme` for the runtime auth options, in the Publisher's order. */
export function securitySchemeOf(security: readonly SecurityOption[]): string[] {
  const chosen = (['oauth2', 'api_key'] as const).filter((option) => security.includes(option));
  return chosen.length === 0 ? [] : [...chosen, MANDATORY_SCHEME];
}

export function sortVerbs(verbs: Iterable<Verb>): Verb[] {
  const set = new Set(verbs);
  return VERBS.map(({ verb }) => verb).filter((verb) => set.has(verb));
}

/** One entry of api.yaml `operations`, with the fields of WSO2's export (docs/wso2.md 4.1). */
export function apiOperation(
  topic: TopicSpec,
  verb: Verb,
  throttlingPolicy = 'Unlimited',
): Record<string, unknown> {
  const uriMapping = topic.uriMappings?.[verb];
  return {
    id: '',
    target: topic.topic,
    verb,
    authType: OPERATION_AUTH_TYPES[topic.authType ?? 'Any'],
    throttlingPolicy,
    scopes: [...(topic.scopes?.[verb] ?? [])],
    usedProductIds: [],
    ...(uriMapping !== undefined && uriMapping !== '' && { uriMapping }),
    operationPolicies: { request: [], response: [], fault: [] },
  };
}

/** The api.yaml of a new WebSocket API, field for field as WSO2 4.1 exports one (docs/wso2.md 4.1). */
export function apiYamlValue(api: ApiSpec): Record<string, unknown> {
  return {
    type: 'api',
    version: APICTL_PROJECT_VERSION,
    data: {
      name: api.name,
      ...(api.description !== undefined && api.description !== '' && { description: api.description }),
      context: api.context,
      version: api.version,
      provider: 'admin',
      lifeCycleStatus: 'CREATED',
      responseCachingEnabled: false,
      cacheTimeout: 300,
      hasThumbnail: false,
      isDefaultVersion: false,
      isRevision: false,
      revisionId: 0,
      enableSchemaValidation: false,
      type: 'WS',
      transport: [],
      tags: [],
      policies: ['AsyncUnlimited'],
      apiThrottlingPolicy: 'Unlimited',
      authorizationHeader: 'Authorization',
      securityScheme: [...api.securityScheme],
      visibility: 'PUBLIC',
      visibleRoles: [],
      visibleTenants: [],
      mediationPolicies: [],
      subscriptionAvailability: 'CURRENT_TENANT',
      subscriptionAvailableTenants: [],
      additionalProperties: [],
      additionalPropertiesMap: {},
      accessControl: 'NONE',
      accessControlRoles: [],
      businessInformation: {},
      corsConfiguration: {
        corsConfigurationEnabled: false,
        accessControlAllowOrigins: ['*'],
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: [
          'authorization',
          'Access-Control-Allow-Origin',
          'Content-Type',
          'SOAPAction',
          'apikey',
          'Internal-Key',
        ],
        accessControlAllowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'],
      },
      websubSubscriptionConfiguration: {
        enable: false,
        secret: '',
        signingAlgorithm: 'SHA1',
        signatureHeader: 'x-hub-signature',
      },
      endpointConfig: {
        endpoint_type: 'ws',
        sandbox_endpoints: { url: api.sandboxEndpoint },
        production_endpoints: { url: api.endpoint },
      },
      endpointImplementationType: 'ENDPOINT',
      scopes: api.scopes.map((scope) => ({
        scope: {
          name: scope.name,
          displayName: scope.name,
          description: scope.description,
          bindings: [...scope.roles],
        },
        shared: false,
      })),
      operations: api.topics.flatMap((topic) => topic.verbs.map((verb) => apiOperation(topic, verb))),
      categories: [],
      keyManagers: ['all'],
      advertiseInfo: { advertised: false, apiOwner: 'admin', vendor: 'WSO2' },
      gatewayVendor: 'wso2',
      gatewayType: 'wso2/synapse',
      asyncTransportProtocols: [],
    },
  };
}

/** A channel of an AsyncAPI 2.0 definition as the Publisher writes a topic (docs/wso2.md 1.1 and 1.3). */
export function channel2(topic: TopicSpec, withParameters = true): Record<string, unknown> {
  const parameters = Object.fromEntries(
    topicParameters(topic.topic).map((name) => [name, { description: '', schema: { type: 'string' } }]),
  );
  return {
    ...(topic.description !== undefined && topic.description !== '' && { description: topic.description }),
    ...(withParameters && { parameters }),
    ...Object.fromEntries(
      VERBS.filter(({ verb }) => topic.verbs.includes(verb)).map(({ verb, operationKey }) => [
        operationKey,
        operationExtensions(topic, verb),
      ]),
    ),
    ...(topic.authType !== undefined && { 'x-auth-type': topic.authType }),
  };
}

/** The WSO2 extensions of one operation: `x-uri-mapping` and `x-scopes`. */
export function operationExtensions(topic: TopicSpec, verb: Verb): Record<string, unknown> {
  const uriMapping = topic.uriMappings?.[verb];
  const scopes = topic.scopes?.[verb] ?? [];
  return {
    ...(uriMapping !== undefined && uriMapping !== '' && { 'x-uri-mapping': uriMapping }),
    ...(scopes.length > 0 && { 'x-scopes': [...scopes] }),
  };
}

/** The AsyncAPI 3 channel key WSO2 uses for a topic: the topic without its leading '/' (`normalizeChannelName`). */
export function channelKey3(topic: string): string {
  return topic.replace(/^\/+/, '') || topic;
}

/**
 * `#/channels/<key>` as WSO2's generator writes it and its parser reads it back: the key as it is, no escapes
 * (docs/wso2.md 8.4). `#/channels/rooms~1%7BroomID%7D`, the JSON pointer, is a channel WSO2 does not find, and
 * the topic would be lost on import.
 */
export function channelRef(key: string): string {
  return `#/channels/${key}`;
}

/** AsyncAPI 3 operation key and action of a verb, as WSO2's AsyncApiV3Parser names them: `receive_` + topic. */
export function operation3(topic: string, verb: Verb): { readonly id: string; readonly action: string } {
  const { action } = namesOfVerb(verb);
  return { id: `${action}_${topic}`, action };
}

/** A channel and its operations of an AsyncAPI 3.0 definition (docs/wso2.md 1.4). */
export function channel3(topic: TopicSpec): {
  channel: Record<string, unknown>;
  operations: Array<[string, Record<string, unknown>]>;
} {
  const key = channelKey3(topic.topic);
  const names = topicParameters(topic.topic);
  return {
    channel: {
      address: topic.topic,
      ...(topic.description !== undefined && topic.description !== '' && { description: topic.description }),
      ...(names.length > 0 && {
        parameters: Object.fromEntries(names.map((name) => [name, { description: '' }])),
      }),
      ...(topic.authType !== undefined && { 'x-auth-type': topic.authType }),
    },
    operations: VERBS.filter(({ verb }) => topic.verbs.includes(verb)).map(({ verb }) => {
      const { id, action } = operation3(topic.topic, verb);
      return [id, { action, channel: { $ref: channelRef(key) }, ...operationExtensions(topic, verb) }];
    }),
  };
}

/** The AsyncAPI definition of a new API: 2.0.0 as WSO2 4.x generates it, or 3.0.0 as its newest generator does. */
export function asyncApiValue(api: ApiSpec, version: AsyncApiVersion): Record<string, unknown> {
  const info = {
    title: api.name,
    version: api.version,
    ...(api.description !== undefined && api.description !== '' && { description: api.description }),
  };
  const implicit = {
    authorizationUrl: AUTHORIZATION_URL,
    [version === '2.0.0' ? 'scopes' : 'availableScopes']: Object.fromEntries(
      api.scopes.map((scope) => [scope.name, scope.description]),
    ),
    'x-scopes-bindings': Object.fromEntries(api.scopes.map((scope) => [scope.name, scope.roles.join(',')])),
  };
  const components = { securitySchemes: { oauth2: { type: 'oauth2', flows: { implicit } } } };
  if (version === '2.0.0') {
    return {
      asyncapi: '2.0.0',
      info,
      servers: wso2Servers(2, { production: api.endpoint, sandbox: api.sandboxEndpoint }),
      channels: Object.fromEntries(
        api.topics.map((topic) => [topic.topic, channel2(topic, topic.topic !== DEFAULT_TOPIC)]),
      ),
      components,
    };
  }
  const topics = api.topics.map((topic) => [channelKey3(topic.topic), channel3(topic)] as const);
  return {
    asyncapi: '3.0.0',
    info,
    servers: wso2Servers(3, { production: api.endpoint, sandbox: api.sandboxEndpoint }),
    channels: Object.fromEntries(topics.map(([key, built]) => [key, built.channel])),
    operations: Object.fromEntries(topics.flatMap(([, built]) => built.operations)),
    components,
  };
}

/**
 * An AsyncAPI 3 server as WSO2's AsyncApiV3Parser writes one (docs/wso2.md 1.4, 8.4): `host` (host:port),
 * `pathname` (the URL's path, `/` when it has none; the query is not kept), `protocol` the API type's, `ws`,
 * for wss:// endpoints too.
 */
export function server3(endpoint: string): Record<string, unknown> {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)([^?#]*)/i.exec(endpoint.trim());
  return { host: match?.[1] ?? '', pathname: match?.[2] || '/', protocol: 'ws' };
}

/** An AsyncAPI 2 server as WSO2 writes one: the endpoint URL as it is, protocol `ws` (docs/wso2.md 1.1). */
export function server2(endpoint: string): Record<string, unknown> {
  return { url: endpoint, protocol: 'ws' };
}

/** The `servers` WSO2 writes from an API's endpoints: `production` and `sandbox` (docs/wso2.md 1.1, 1.4). */
export function wso2Servers(
  major: 2 | 3,
  endpoints: { readonly production: string; readonly sandbox: string },
): Record<string, unknown> {
  const server = major === 3 ? server3 : server2;
  return { production: server(endpoints.production), sandbox: server(endpoints.sandbox) };
}

/** deployment_environments.yaml as `apictl init` writes it (docs/wso2.md 4.2). */
export function deploymentEnvironmentsValue(): Record<string, unknown> {
  return {
    type: 'deployment_environments',
    version: APICTL_PROJECT_VERSION,
    data: [{ displayOnDevportal: true, deploymentEnvironment: 'Default' }],
  };
}

/** api_meta.yaml as `apictl init` writes it (docs/wso2.md 4.2). */
export function apiMetaValue(name: string, version: string): Record<string, unknown> {
  return { name, version, deploy: { import: { update: true, preserveProvider: true } } };
}
