import { isRecord } from '../document/documentKind';
import type { JsonPath } from '../document/locator';
import type { Finding, Verdict } from './finding';
import {
  channelKeyOf,
  majorVersion,
  readTopics,
  topicParameters,
  type DocumentTopic,
  type TopicOperation,
} from './topics';

/** The WSO2 vendor extensions of a WebSocket API's AsyncAPI document. */
export const WSO2_EXTENSIONS = ['x-uri-mapping', 'x-auth-type', 'x-scopes'] as const;
/** WSO2's channel `x-auth-type` values: credentials required, or an open topic. */
export const AUTH_TYPES = ['Any', 'None'] as const;
const WS_PROTOCOLS = ['ws', 'wss'];

export interface RuleOptions {
  /** The document is the definition of a WSO2 API project: WSO2's rules apply in full. */
  readonly wso2Project?: boolean;
}

/** What the rules know about the document they check. */
interface Context {
  readonly root: Record<string, unknown>;
  readonly major: 2 | 3;
  readonly topics: readonly DocumentTopic[];
  readonly wso2: boolean;
  readonly findings: Finding[];
}

/** What kind of API a document describes, as far as the rules go. */
export type ApiFlavor = 'wso2' | 'websocket' | 'other';

/** WSO2 when it is a project's definition or uses WSO2's extensions; WebSocket with a ws/wss server or binding. */
export function apiFlavor(root: unknown, options: RuleOptions = {}): ApiFlavor {
  if (!isRecord(root)) {
    return 'other';
  }
  const topics = readTopics(root);
  if (options.wso2Project === true || usesWso2Extensions(topics)) {
    return 'wso2';
  }
  return hasWebSocketServer(root) || topics.some((topic) => isRecord(wsBinding(topic.channel)))
    ? 'websocket'
    : 'other';
}

/**
 * The WebSocket and WSO2 rules for an AsyncAPI document (source `wsapi`). They apply to WebSocket APIs: a
 * document with a ws/wss server, a `ws` binding or WSO2's extensions, or the definition of a WSO2 project.
 */
export function checkWebSocketRules(root: unknown, options: RuleOptions = {}): Finding[] {
  if (!isRecord(root)) {
    return [];
  }
  const major = majorVersion(root);
  if (major === undefined) {
    return [];
  }
  const flavor = apiFlavor(root, options);
  const context: Context = { root, major, topics: readTopics(root), wso2: flavor === 'wso2', findings: [] };
  checkServers(context);
  if (flavor === 'other') {
    return context.findings;
  }
  for (const topic of context.topics) {
    checkTopicName(context, topic);
    checkTopicParameters(context, topic);
    checkUriMappings(context, topic);
    checkAuthType(context, topic);
    checkWsBinding(context, topic);
  }
  checkScopes(context);
  checkImplicitFlows(context);
  if (major === 3) {
    checkOperationChannels(context);
  }
  return context.findings;
}

function report(context: Context, finding: Omit<Finding, 'target'> & { target?: Finding['target'] }): void {
  context.findings.push({ target: 'value', ...finding });
}

function usesWso2Extensions(topics: readonly DocumentTopic[]): boolean {
  return topics.some(
    (topic) =>
      'x-auth-type' in topic.channel ||
      topic.operations.some((operation) => WSO2_EXTENSIONS.some((key) => key in operation.value)),
  );
}

function servers(root: Record<string, unknown>): Array<[string, Record<string, unknown>]> {
  const all = root['servers'];
  return isRecord(all)
    ? Object.entries(all).filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]))
    : [];
}

function hasWebSocketServer(root: Record<string, unknown>): boolean {
  return servers(root).some(([, server]) => WS_PROTOCOLS.includes(String(server['protocol'])));
}

function checkServers(context: Context): void {
  for (const [name, server] of servers(context.root)) {
    const protocol = server['protocol'];
    const path = ['servers', name];
    if (typeof protocol !== 'string') {
      continue;
    }
    if (context.wso2 && !WS_PROTOCOLS.includes(protocol)) {
      report(context, {
        code: 'server-protocol',
        severity: 'error',
        path: [...path, 'protocol'],
        message: `A WSO2 WebSocket API's servers use protocol 'ws' (WSO2 writes it for wss:// endpoints too), not '${protocol}'.`,
      });
      continue;
    }
    if (WS_PROTOCOLS.includes(protocol)) {
      checkServerAddress(context, path, server, protocol);
    }
  }
}

function checkServerAddress(
  context: Context,
  path: JsonPath,
  server: Record<string, unknown>,
  protocol: string,
): void {
  const key = context.major === 3 ? 'host' : 'url';
  const address = server[key];
  const scheme =
    typeof address === 'string' ? /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(address)?.[1] : undefined;
  if (scheme === undefined) {
    return;
  }
  if (context.major === 3) {
    report(context, {
      code: 'server-host-scheme',
      severity: 'error',
      path: [...path, key],
      message: `In AsyncAPI 3 'host' has no scheme: write '${String(address).slice(scheme.length + 3)}' and keep '${protocol}' in 'protocol'.`,
    });
  } else if (scheme.toLowerCase() !== protocol && !(context.wso2 && isWso2SecureServer(scheme, protocol))) {
    report(context, {
      code: 'server-url-scheme',
      severity: 'error',
      path: [...path, key],
      message: `The URL starts with '${scheme}://' but the protocol is '${protocol}': make them agree.`,
    });
  }
}

/**
 * WSO2 writes the protocol of the API type, `ws`, for every endpoint, `wss://` ones too (docs/wso2.md 1.1, 1.2,
 * 8.1): in a WSO2 definition `url: wss://…` with `protocol: ws` is what WSO2 itself exports.
 */
function isWso2SecureServer(scheme: string, protocol: string): boolean {
  return scheme.toLowerCase() === 'wss' && protocol === 'ws';
}

/** Only for WSO2: elsewhere, WebSocket channels are often message kinds on one connection ('ticker', 'book'). */
function checkTopicName(context: Context, topic: DocumentTopic): void {
  if (!context.wso2 || !topic.hasAddress || topic.name.startsWith('/')) {
    return;
  }
  report(context, {
    code: 'topic-leading-slash',
    severity: 'error',
    path: topic.namePath,
    target: context.major === 2 ? 'key' : 'value',
    message: topicSlashMessage(topic.name),
  });
}

export function topicSlashMessage(topic: string): string {
  return `A WSO2 topic is a path that starts with '/': write '/${topic}'.`;
}

function checkTopicParameters(context: Context, topic: DocumentTopic): void {
  if (!topic.hasAddress) {
    return;
  }
  const used = topicParameters(topic.name);
  for (const name of used.filter((parameter) => !topic.parameters.includes(parameter))) {
    report(context, {
      code: 'topic-parameter-undeclared',
      severity: 'error',
      path: topic.namePath,
      target: context.major === 2 ? 'key' : 'value',
      message: `The topic parameter '{${name}}' is not declared: add '${name}' under 'parameters' of this topic.`,
      data: { parameter: name },
    });
  }
  for (const name of topic.parameters.filter((parameter) => !used.includes(parameter))) {
    report(context, {
      code: 'topic-parameter-unused',
      severity: 'warning',
      path: [...topic.path, 'parameters', name],
      target: 'key',
      message: `The parameter '${name}' is not used in the topic '${topic.name}': use '{${name}}' in it or remove the parameter.`,
    });
  }
}

function checkUriMappings(context: Context, topic: DocumentTopic): void {
  const mappings = topic.operations.filter((operation) => 'x-uri-mapping' in operation.value);
  for (const operation of mappings) {
    checkUriMapping(context, topic, operation);
  }
  const values = new Set(mappings.map((operation) => operation.value['x-uri-mapping']));
  if (values.size > 1) {
    for (const operation of mappings) {
      report(context, {
        code: 'uri-mapping-differs',
        severity: 'warning',
        path: [...operation.path, 'x-uri-mapping'],
        message: `The ${operation.verb} and ${operation.verb === 'PUBLISH' ? 'SUBSCRIBE' : 'PUBLISH'} URL mappings of '${topic.name}' differ, but WSO2 keeps one mapping per topic: give both the same value.`,
      });
    }
  }
}

function checkUriMapping(context: Context, topic: DocumentTopic, operation: TopicOperation): void {
  const path = [...operation.path, 'x-uri-mapping'];
  for (const verdict of uriMappingVerdicts(operation.value['x-uri-mapping'], topic.name)) {
    report(context, { ...verdict, path });
  }
}

/** What WSO2's URL-mapping rules say about the mapping of one topic (diagnostics and the design commands). */
export function uriMappingVerdicts(mapping: unknown, topic: string): Verdict[] {
  if (typeof mapping !== 'string') {
    return [{ code: 'uri-mapping-type', severity: 'error', message: "'x-uri-mapping' must be a string." }];
  }
  const verdicts: Verdict[] = [];
  if (mapping !== '' && !mapping.startsWith('/') && !mapping.startsWith('?')) {
    verdicts.push({
      code: 'uri-mapping-start',
      severity: 'error',
      message: `WSO2 appends the URL mapping to the endpoint URL as it is: start it with '/' or '?', e.g. '/${mapping}'.`,
    });
  }
  const declared = topicParameters(topic);
  for (const match of mapping.matchAll(/\{([^{}]*)\}/g)) {
    const inner = match[1] ?? '';
    if (inner.startsWith('uri.var.')) {
      const name = inner.slice('uri.var.'.length);
      if (!declared.includes(name)) {
        verdicts.push({
          code: 'uri-mapping-variable',
          severity: 'error',
          message: `'{uri.var.${name}}' names no parameter of the topic '${topic}'${declared.length > 0 ? `: use one of ${declared.map((p) => `'{uri.var.${p}}'`).join(', ')}` : ''}.`,
        });
      }
    } else {
      verdicts.push({
        code: 'uri-mapping-bare-variable',
        severity: 'warning',
        message: `WSO2 fills only '{uri.var.X}' placeholders: '{${inner}}' reaches the backend as it is. Write '{uri.var.${inner}}'.`,
        data: { variable: inner },
      });
    }
  }
  return verdicts;
}

function checkAuthType(context: Context, topic: DocumentTopic): void {
  if (!('x-auth-type' in topic.channel)) {
    return;
  }
  const value = topic.channel['x-auth-type'];
  if (typeof value === 'string' && (AUTH_TYPES as readonly string[]).includes(value)) {
    return;
  }
  const near = AUTH_TYPES.find(
    (type) => typeof value === 'string' && type.toLowerCase() === value.toLowerCase(),
  );
  report(context, {
    code: 'auth-type',
    severity: 'error',
    path: [...topic.path, 'x-auth-type'],
    message: `'x-auth-type' must be 'Any' (credentials required) or 'None' (open topic)${near ? `: did you mean '${near}'?` : '.'}`,
    ...(near !== undefined && { data: { suggestion: near } }),
  });
}

function checkWsBinding(context: Context, topic: DocumentTopic): void {
  const binding = wsBinding(topic.channel);
  if (!isRecord(binding)) {
    return;
  }
  const path = [...topic.path, 'bindings', 'ws'];
  const method = binding['method'];
  if (method !== undefined && method !== 'GET' && method !== 'POST') {
    report(context, {
      code: 'ws-binding-method',
      severity: 'error',
      path: [...path, 'method'],
      message: `The WebSocket binding's 'method' is 'GET' or 'POST', not ${JSON.stringify(method)}.`,
    });
  }
  for (const key of ['query', 'headers']) {
    const schema = binding[key];
    if (schema === undefined || (isRecord(schema) && ('$ref' in schema || schema['type'] === 'object'))) {
      continue;
    }
    report(context, {
      code: 'ws-binding-schema',
      severity: 'error',
      path: [...path, key],
      message: `The WebSocket binding's '${key}' is a schema of type 'object' whose properties are the ${key === 'query' ? 'query parameters' : 'headers'}.`,
    });
  }
}

function wsBinding(channel: Record<string, unknown>): unknown {
  const bindings = channel['bindings'];
  return isRecord(bindings) ? bindings['ws'] : undefined;
}

const IMPLICIT_FLOW = ['components', 'securitySchemes', 'oauth2', 'flows', 'implicit'];

function valueAt(root: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), root);
}

function checkScopes(context: Context): void {
  const implicit = valueAt(context.root, IMPLICIT_FLOW);
  const declared = isRecord(implicit) && isRecord(implicit['scopes']) ? implicit['scopes'] : {};
  const bindings =
    isRecord(implicit) && isRecord(implicit['x-scopes-bindings']) ? implicit['x-scopes-bindings'] : {};
  for (const operation of context.topics.flatMap((topic) => topic.operations)) {
    if (!('x-scopes' in operation.value)) {
      continue;
    }
    const path = [...operation.path, 'x-scopes'];
    const entries = scopeEntries(operation.value['x-scopes']);
    if (entries === undefined) {
      report(context, {
        code: 'scopes-type',
        severity: 'error',
        path,
        message: "'x-scopes' is a list of scope names, e.g. [creator].",
      });
      continue;
    }
    for (const [index, scope] of entries) {
      if (!(scope in declared)) {
        report(context, {
          code: 'scope-undeclared',
          severity: 'error',
          path: [...path, index],
          message: `Scope '${scope}' not found: declare it under components.securitySchemes.oauth2.flows.implicit.scopes.`,
        });
      } else if (!(scope in bindings)) {
        report(context, {
          code: 'scope-unbound',
          severity: 'warning',
          path: [...path, index],
          message: `Scope '${scope}' has no role: add it to 'x-scopes-bindings' of the implicit flow, e.g. '${scope}: admin'.`,
        });
      }
    }
  }
}

/** `x-scopes` as WSO2 accepts it: an array of names, or an object of index keys to names. */
function scopeEntries(value: unknown): Array<[string | number, string]> | undefined {
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : isRecord(value)
      ? Object.entries(value)
      : [];
  if (!Array.isArray(value) && !isRecord(value)) {
    return undefined;
  }
  return entries.every((entry): entry is [string | number, string] => typeof entry[1] === 'string')
    ? entries
    : undefined;
}

function checkImplicitFlows(context: Context): void {
  const schemes = valueAt(context.root, ['components', 'securitySchemes']);
  if (!isRecord(schemes)) {
    return;
  }
  for (const [name, scheme] of Object.entries(schemes)) {
    const implicit = valueAt(scheme, ['flows', 'implicit']);
    if (isRecord(implicit) && typeof implicit['authorizationUrl'] !== 'string') {
      report(context, {
        code: 'oauth2-authorization-url',
        severity: 'error',
        path: ['components', 'securitySchemes', name, 'flows', 'implicit'],
        target: 'key',
        message:
          "Implicit OAuth Flow is missing its 'authorizationUrl' (WSO2 rejects the import): add e.g. 'authorizationUrl: http://localhost:9999'.",
      });
    }
  }
}

/** `#/channels/<key>` as a JSON pointer in a URI fragment: `~1` for `/`, percent escapes. */
function jsonPointerRef(key: string): string {
  return `#/channels/${encodeURIComponent(key.replace(/~/g, '~0').replace(/\//g, '~1'))}`;
}

function checkOperationChannels(context: Context): void {
  const operations = context.root['operations'];
  const channels = context.root['channels'];
  if (!isRecord(operations)) {
    return;
  }
  for (const [key, operation] of Object.entries(operations)) {
    if (!isRecord(operation) || !isRecord(operation['channel'])) {
      continue;
    }
    const channelKey = channelKeyOf(operation['channel'], channels);
    const ref = operation['channel']['$ref'];
    if (channelKey !== undefined && isRecord(channels) && Object.hasOwn(channels, channelKey)) {
      if (context.wso2 && ref === `#/channels/${channelKey}` && channelKey.includes('/')) {
        report(context, {
          code: 'wso2-channel-ref',
          severity: 'hint',
          path: ['operations', key, 'channel', '$ref'],
          message: `WSO2 reads '${ref}' as the channel '${channelKey}', as its generator writes it; AsyncAPI tools read a JSON pointer and do not find it (theirs, '${jsonPointerRef(channelKey)}', is one WSO2 does not find).`,
        });
      }
      continue;
    }
    if (typeof ref === 'string' && !ref.startsWith('#')) {
      continue; // a channel in another file: the official parser resolves and checks it
    }
    report(context, {
      code: 'operation-channel',
      severity: 'error',
      path: ['operations', key, 'channel'],
      message: `Operation channel reference must point to valid channel: '${typeof ref === 'string' ? ref : ''}' is not one of #/channels/${isRecord(channels) ? `{${Object.keys(channels).join(', ')}}` : '...'}.`,
    });
  }
}
