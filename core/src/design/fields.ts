/**
 * One check per input field of the design commands, for the server and for the client's input boxes: each
 * returns a message naming what is wrong and the fix, or undefined when the value is fine. They apply the rules
 * the diagnostics apply (api.yaml and AsyncAPI WSO2 rules), so a created file never gets a diagnostic.
 */
import { AUTH_TYPES, topicSlashMessage, uriMappingVerdicts } from '../asyncapi/websocketRules';
import { contextVerdicts, endpointUrlMessage, isWsUrl, normalizeContext } from '../wso2/apiYaml';
import { ASYNCAPI_VERSIONS } from './commands';

/** Characters the WSO2 Publisher refuses in an API name or version (its "illegal characters" check). */
const ILLEGAL = /[~!@#;:%^*()+={}|\\<>"',&/$[\]]/;

export function validateName(name: string): string | undefined {
  if (name.trim() === '') {
    return 'The API name is required, e.g. Chats.';
  }
  const bad = ILLEGAL.exec(name);
  return bad === null ? undefined : `The API name may not contain '${bad[0]}': remove it.`;
}

/** Where an API of the workspace is served: its context and version. */
export interface ApiPlace {
  readonly context: string;
  readonly version?: string;
}

/**
 * A context: WSO2's rules (`{version}` once, as a whole segment), no illegal characters, and not the context of
 * another API of the workspace with the same `version` (WSO2 needs context + version unique: version 2.0.0 of an
 * API shares the context of 1.0.0). Compared as the gateway compares them; without a version only the rules.
 */
export function validateContext(
  context: string,
  used: readonly ApiPlace[] = [],
  version?: string,
): string | undefined {
  const trimmed = context.trim();
  if (trimmed === '' || trimmed === '/') {
    return "The context is required, e.g. '/chats' (or '/{version}/chats' to put the version first).";
  }
  const error = contextVerdicts(trimmed).find((verdict) => verdict.severity === 'error');
  if (error !== undefined) {
    return error.message;
  }
  const bad = /[~!@#;:%^*()+=|\\<>"',&$[\]\s]/.exec(trimmed.replace('{version}', ''));
  if (bad !== null) {
    return `The context may not contain '${bad[0]}': use letters, digits, '-', '_', '.' and '/'.`;
  }
  const normalized = normalizeContext(trimmed).toLowerCase();
  const wanted = version?.trim();
  const twin = used.find(
    (place) =>
      wanted !== undefined &&
      place.version?.trim() === wanted &&
      normalizeContext(place.context).toLowerCase() === normalized,
  );
  return twin === undefined
    ? undefined
    : `Another API of the workspace has context '${normalizeContext(trimmed)}' and version ${wanted ?? ''}: choose another context or version.`;
}

export function validateVersion(version: string): string | undefined {
  if (version.trim() === '') {
    return 'The version is required, e.g. 1.0.0.';
  }
  const bad = /\s/.exec(version.trim()) ?? ILLEGAL.exec(version);
  return bad === null ? undefined : `The version may not contain '${bad[0]}': write it like 1.0.0.`;
}

/** A WebSocket endpoint (`what` names it in the message: 'The endpoint', 'The sandbox endpoint'). */
export function validateEndpoint(url: string, what = 'The endpoint'): string | undefined {
  if (url.trim() === '') {
    return `${what} is required: give a ws:// or wss:// URL such as ws://localhost:8080.`;
  }
  return isWsUrl(url) ? undefined : endpointUrlMessage(what, url);
}

/** A topic as WSO2 takes it: a path that starts with `/`, with `{name}` parameters and `*` segments. */
export function validateTopic(topic: string): string | undefined {
  if (topic.trim() === '') {
    return "The topic is required, e.g. '/notifications' or '/rooms/{roomID}'.";
  }
  if (!topic.startsWith('/')) {
    return topicSlashMessage(topic);
  }
  const bad = /[\s?#]/.exec(topic);
  if (bad !== null) {
    return `A topic may not contain ${bad[0] === ' ' || /\s/.test(bad[0]) ? 'spaces' : `'${bad[0]}'`}: the query goes in the URL mapping.`;
  }
  const braces = topic.replace(/\{[A-Za-z0-9_.-]+\}/g, '');
  if (/[{}]/.test(braces)) {
    return "A topic parameter is '{name}' with letters, digits, '_', '-' or '.', e.g. '/rooms/{roomID}'.";
  }
  return undefined;
}

/** A URL mapping of `topic`: starts with `/` or `?`, and its `{uri.var.x}` name parameters of the topic. */
export function validateUriMapping(mapping: string, topic: string): string | undefined {
  return uriMappingVerdicts(mapping, topic).find((verdict) => verdict.severity === 'error')?.message;
}

export function validateAsyncApiVersion(version: string): string | undefined {
  return (ASYNCAPI_VERSIONS as readonly string[]).includes(version)
    ? undefined
    : `The AsyncAPI version is ${ASYNCAPI_VERSIONS.map((known) => `'${known}'`).join(' or ')}, not '${version}'.`;
}

export function validateAuthType(authType: string): string | undefined {
  return (AUTH_TYPES as readonly string[]).includes(authType)
    ? undefined
    : `The auth type is 'Any' (credentials required) or 'None' (open topic), not '${authType}'.`;
}
