import type { ParsedDocument } from '../document';
import { isRecord } from '../document/documentKind';
import { majorVersion } from '../asyncapi';
import type { ApiTopic, Endpoints, ProjectProblem, WsApi } from './apiModel';
import { asTopic } from './apiProject';
import { contextVerdicts, normalizeContext } from './apiYaml';
import { readAsyncApiTopics } from './asyncApiTopics';
import { ProblemSink, stringAt } from './projectProblems';

/** The root key that gives the context of an API served from an AsyncAPI document alone. */
export const BASE_PATH_KEY = 'x-wso2-basePath';

/** An AsyncAPI document served as a WebSocket API on its own, with no api.yaml. */
export type AsyncApiApiReading =
  | { readonly kind: 'ws'; readonly api: WsApi; readonly problems: readonly ProjectProblem[] }
  | { readonly kind: 'invalid'; readonly problems: readonly ProjectProblem[] };

/**
 * Reads an AsyncAPI 2.x or 3.x document as the WebSocket API it describes, as an api.yaml would give it: name
 * and version from `info`, context from `x-wso2-basePath` (a trailing `/{version}` dropped) or else the title
 * as a slug (`Chat API` → `/chat-api`), endpoints from the ws/wss servers (none: `endpoints` is empty), topics
 * from the channels. A channel without `x-uri-mapping` is reached at the server URL + the channel address, as
 * the document says; its auth type is `x-auth-type`, else `None`; the security schemes are those of
 * `components.securitySchemes`.
 */
export function readAsyncApiApi(parsed: ParsedDocument): AsyncApiApiReading {
  const sink = new ProblemSink(parsed, 'asyncapi');
  const root = parsed.root;
  const invalid = (): AsyncApiApiReading => ({ kind: 'invalid', problems: sink.problems });
  if (sink.problems.some((problem) => problem.severity === 'error')) {
    return invalid();
  }
  if (!isRecord(root) || !('asyncapi' in root)) {
    sink.error([], 'asyncapi-not-asyncapi', "Not an AsyncAPI document: it has no top-level 'asyncapi:' key.");
    return invalid();
  }
  if (majorVersion(root) === undefined) {
    sink.error(
      ['asyncapi'],
      'asyncapi-version',
      `asyncapi '${String(root.asyncapi)}' is not a version the gateway serves: use 2.x or 3.x, e.g. asyncapi: 3.0.0.`,
    );
    return invalid();
  }
  const info = isRecord(root.info) ? root.info : {};
  const name = infoText(info, 'title', sink, "the API's name");
  const version = infoText(info, 'version', sink, 'the version in its URLs');
  const context =
    name === undefined || version === undefined ? undefined : contextOf(root, name, version, sink);
  const topics = readAsyncApiTopics(root).map((channel) => servedTopic(root, channel));
  if (topics.length === 0) {
    sink.error(
      ['channels'],
      'wso2-no-topics',
      'The definition has no channels: add one per topic, e.g. channels: { /notifications: { subscribe: ... } }.',
    );
  }
  if (name === undefined || version === undefined || context === undefined || topics.length === 0) {
    return invalid();
  }
  const api: WsApi = {
    name,
    context,
    version,
    isDefaultVersion: false,
    endpoints: webSocketEndpoints(root),
    securityScheme: securitySchemesOf(root),
    topics,
    definitionRoot: root,
  };
  return { kind: 'ws', api, problems: sink.problems };
}

/** `Chat API` → `/chat-api`: lower case, runs of anything but letters and digits made one `-`, accents dropped. */
export function contextOfTitle(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? '' : `/${slug}`;
}

/**
 * The endpoints of an AsyncAPI document's ws/wss servers: production is the server named `production`, else
 * the first ws/wss server; sandbox the one named `sandbox` (the names Choreo Connect reads). 2.x servers give
 * `url` (a scheme added from the protocol when it has none), 3.x ones `protocol://host` + `pathname`; server
 * variables take their `default` (else their first `enum` value); a server with a variable that has neither is
 * skipped.
 */
export function webSocketEndpoints(root: Record<string, unknown>): Endpoints {
  const servers = isRecord(root.servers) ? Object.entries(root.servers) : [];
  const urls = servers.flatMap(([key, server]): Array<[string, string]> => {
    const url = isRecord(server) ? webSocketUrl(server) : undefined;
    return url === undefined ? [] : [[key, url]];
  });
  const named = (key: string): string | undefined => urls.find(([name]) => name === key)?.[1];
  const production =
    named('production') ?? urls.find(([name]) => name !== 'sandbox')?.[1] ?? named('sandbox');
  const sandbox = named('sandbox');
  return {
    ...(production !== undefined && { production }),
    ...(sandbox !== undefined && sandbox !== production && { sandbox }),
  };
}

function webSocketUrl(server: Record<string, unknown>): string | undefined {
  const protocol = stringAt(server.protocol)?.toLowerCase();
  if (protocol !== 'ws' && protocol !== 'wss') {
    return undefined;
  }
  const url = stringAt(server.url);
  const host = stringAt(server.host);
  let address: string;
  if (url !== undefined) {
    address = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `${protocol}://${url}`;
  } else if (host !== undefined) {
    const pathname = stringAt(server.pathname) ?? '';
    address = `${protocol}://${host}${pathname === '' || pathname.startsWith('/') ? '' : '/'}${pathname}`;
  } else {
    return undefined;
  }
  const variables = isRecord(server.variables) ? server.variables : {};
  let unresolved = false;
  const filled = address.replace(/\{([^{}]+)\}/g, (_whole, variable: string) => {
    const spec = variables[variable];
    const value = isRecord(spec)
      ? (scalarText(spec.default) ?? (Array.isArray(spec.enum) ? scalarText(spec.enum[0]) : undefined))
      : undefined;
    unresolved ||= value === undefined;
    return value ?? '';
  });
  return unresolved ? undefined : filled.replace(/\/+$/, '');
}

/** `oauth2` for OAuth2, OpenID Connect and HTTP bearer schemes, `api_key` for API key ones (WSO2's names). */
function securitySchemesOf(root: Record<string, unknown>): string[] {
  const components = isRecord(root.components) ? root.components : {};
  const schemes = isRecord(components.securitySchemes) ? Object.values(components.securitySchemes) : [];
  const names = schemes.flatMap((scheme): string[] => {
    const type = isRecord(scheme) ? stringAt(scheme.type) : undefined;
    if (type === 'oauth2' || type === 'openIdConnect' || (type === 'http' && isBearer(scheme))) {
      return ['oauth2'];
    }
    return type === 'apiKey' || type === 'httpApiKey' ? ['api_key'] : [];
  });
  return [...new Set(names)];
}

function isBearer(scheme: unknown): boolean {
  return isRecord(scheme) && stringAt(scheme.scheme)?.toLowerCase() === 'bearer';
}

/** A channel as a topic: both verbs when it has no operation, `None` auth unless it says, and its mapping. */
function servedTopic(root: Record<string, unknown>, channel: ApiTopic): ApiTopic {
  const topic = asTopic(channel);
  const uriMapping = topic.uriMapping ?? addressMapping(root, topic.name);
  return {
    ...topic,
    authType: topic.authType ?? 'None',
    ...(uriMapping !== undefined && { uriMapping }),
  };
}

/**
 * The URL mapping that appends a channel's address to the server URL (`/rooms/{id}` → `/rooms/{uri.var.id}`);
 * none for wildcard topics and for 3.x channels without an `address` (their key is an id, not a path).
 */
function addressMapping(root: Record<string, unknown>, name: string): string | undefined {
  const channels = isRecord(root.channels) ? root.channels : {};
  const isAddress =
    majorVersion(root) === 2
      ? name in channels
      : Object.values(channels).some((channel) => isRecord(channel) && channel.address === name);
  if (!isAddress || name.includes('*')) {
    return undefined;
  }
  const path = name.startsWith('/') ? name : `/${name}`;
  return path.replace(/\{([^{}]+)\}/g, '{uri.var.$1}');
}

function contextOf(
  root: Record<string, unknown>,
  title: string,
  version: string,
  sink: ProblemSink,
): string | undefined {
  const hint = root[BASE_PATH_KEY];
  if (hint !== undefined) {
    const basePath = stringAt(hint)?.trim();
    if (basePath === undefined || basePath === '' || basePath === '/') {
      sink.error(
        [BASE_PATH_KEY],
        'asyncapi-base-path',
        `${BASE_PATH_KEY} is the API's context, a path such as /chats (or /chats/{version}).`,
      );
      return undefined;
    }
    const errors = contextVerdicts(normalizeContext(basePath)).filter(
      (verdict) => verdict.severity === 'error',
    );
    errors.forEach((verdict) => sink.error([BASE_PATH_KEY], verdict.code, verdict.message));
    // A base path that ends with the version (WSO2's OpenAPI x-wso2-basePath) is the context + version.
    const context = normalizeContext(basePath);
    const suffix = `/${version}`;
    const trimmed =
      context.endsWith(suffix) && context !== suffix ? context.slice(0, -suffix.length) : context;
    return errors.length > 0 ? undefined : trimmed;
  }
  const context = contextOfTitle(title);
  if (context === '') {
    sink.error(
      ['info', 'title'],
      'asyncapi-base-path',
      `info.title '${title}' has no letter or digit to make the context of: add ${BASE_PATH_KEY}: /my-api at the top level.`,
    );
    return undefined;
  }
  return context;
}

function infoText(
  info: Record<string, unknown>,
  key: 'title' | 'version',
  sink: ProblemSink,
  what: string,
): string | undefined {
  const text = scalarText(info[key])?.trim();
  if (text === undefined || text === '') {
    sink.error(
      ['info', key],
      'asyncapi-info',
      `info.${key} is missing: it is ${what}; add '${key}:' under 'info:'.`,
    );
    return undefined;
  }
  return text;
}

function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
