import { AUTH_TYPES } from '../../asyncapi/websocketRules';
import type { JsonPath } from '../../document/locator';
import { topicParameters } from '../../asyncapi/topics';
import { valueEntry } from './entries';
import type { AssistDocument, CompletionEntry, KeyInfo } from './types';
import { pathOfPointer } from './references';
import type { CursorContext } from '../cursor/types';

/** What WSO2's extensions mean (hover and completion documentation). */
export const WSO2_EXTENSION_DOCS: Readonly<Record<string, string>> = {
  'x-auth-type':
    'WSO2: whether a client needs credentials to open this topic: `Any` (an OAuth2 token or API key) or `None` (an open topic).',
  'x-uri-mapping':
    "WSO2: appended to the API's endpoint URL to make this topic's backend URL; `{uri.var.x}` is filled from the topic's `{x}`.",
  'x-scopes':
    "WSO2: the OAuth2 scopes a token needs for this topic (any one of them); each must be declared in the implicit flow's `scopes`.",
  'x-scopes-bindings': 'WSO2: the roles of each scope, `scope: role1,role2`.',
};

const WS_PROTOCOLS: ReadonlyArray<[string, string]> = [
  ['ws', 'WebSocket'],
  ['wss', 'WebSocket over TLS'],
];

/** WSO2's extension keys that fit at a path of an AsyncAPI document. */
export function webSocketKeys(document: AssistDocument, path: JsonPath): KeyInfo[] {
  const major = document.version?.startsWith('3') === true ? 3 : 2;
  const key = (name: string, shape: KeyInfo['shape'], values?: readonly string[]): KeyInfo => ({
    name,
    shape,
    description: WSO2_EXTENSION_DOCS[name] ?? '',
    ...(values !== undefined && { values }),
  });
  const operation =
    major === 2
      ? path.length === 3 && path[0] === 'channels' && (path[2] === 'subscribe' || path[2] === 'publish')
      : path.length === 2 && path[0] === 'operations';
  if (path.length === 2 && path[0] === 'channels') {
    return [key('x-auth-type', 'enum', AUTH_TYPES)];
  }
  if (operation) {
    return [key('x-uri-mapping', 'string'), key('x-scopes', 'array')];
  }
  if (
    path.length === 5 &&
    path[0] === 'components' &&
    path[1] === 'securitySchemes' &&
    path[4] === 'implicit'
  ) {
    return [key('x-scopes-bindings', 'object')];
  }
  return [];
}

/** WebSocket-specific values at the cursor; undefined where the schema's own values apply. */
export function webSocketValues(
  document: AssistDocument,
  context: CursorContext,
  offset: number,
): CompletionEntry[] | undefined {
  const path = context.path;
  const last = path[path.length - 1];
  const major = document.version?.startsWith('3') === true ? 3 : 2;
  const values = (list: ReadonlyArray<string | [string, string]>): CompletionEntry[] =>
    list.map((item, index) => {
      const [value, documentation] = typeof item === 'string' ? [item, undefined] : item;
      return valueEntry(document, context, value, `0${index}`, documentation);
    });
  if (last === 'x-auth-type') {
    return values(AUTH_TYPES);
  }
  if (last === 'x-uri-mapping') {
    return topicParameterEntries(document, context, offset, topicOfMapping(document, path, major));
  }
  if (last === 'protocol' && path.length === 3 && path[0] === 'servers') {
    return values(WS_PROTOCOLS);
  }
  if (path[path.length - 2] === 'x-scopes' && typeof last === 'number') {
    return values(declaredScopes(document));
  }
  if (major === 2 && path.length === 4 && path[0] === 'channels' && path[2] === 'servers') {
    return values(document.index.keysAt(['servers']) ?? []);
  }
  if (
    major === 2 &&
    last === 'method' &&
    path[path.length - 2] === 'ws' &&
    path[path.length - 3] === 'bindings'
  ) {
    return values(['GET', 'POST']);
  }
  return undefined;
}

/** The topic whose `{x}` a URL mapping may use: the 2.x channel, or the channel of a 3.x operation. */
function topicOfMapping(document: AssistDocument, path: JsonPath, major: 2 | 3): string | undefined {
  if (major === 2) {
    return path[0] === 'channels' ? String(path[1]) : undefined;
  }
  const ref = document.index.scalarAt(['operations', path[1] ?? '', 'channel', '$ref']);
  const channel = ref === undefined ? undefined : pathOfPointer(ref);
  if (channel === undefined || channel.length !== 2) {
    return undefined;
  }
  return document.index.scalarAt([...channel, 'address']) ?? channel[1];
}

/** `{uri.var.|}` in a URL mapping: the topic's parameters, closing the brace when it is not there yet. */
export function topicParameterEntries(
  document: AssistDocument,
  context: CursorContext,
  offset: number,
  topic: string | undefined,
): CompletionEntry[] {
  const typed = /\{((?:u|ur|uri|uri\.|uri\.v|uri\.va|uri\.var|uri\.var\.)?)([^{}.]*)$/.exec(context.prefix);
  if (topic === undefined || typed === null) {
    return [];
  }
  const whole = typed[0].length - 1;
  const closes = document.index.text.charAt(offset) === '}';
  return topicParameters(topic).map((name) => ({
    label: `uri.var.${name}`,
    kind: 'value',
    insert: `uri.var.${name}${closes ? '' : '}'}`,
    snippet: false,
    replace: { start: offset - whole, end: offset },
    sortText: `0${name}`,
    filterText: `uri.var.${name}`,
    documentation: `The topic's {${name}}, filled in by the gateway.`,
  }));
}

/** Scope names declared in the document's OAuth2 flows (`scopes`, 3.x `availableScopes`). */
export function declaredScopes(document: AssistDocument): string[] {
  const index = document.index;
  const scopes = new Set<string>();
  for (const scheme of index.keysAt(['components', 'securitySchemes']) ?? []) {
    const flows = ['components', 'securitySchemes', scheme, 'flows'];
    for (const flow of index.keysAt(flows) ?? []) {
      for (const key of ['scopes', 'availableScopes']) {
        index.keysAt([...flows, flow, key])?.forEach((scope) => scopes.add(scope));
      }
    }
  }
  return [...scopes];
}
