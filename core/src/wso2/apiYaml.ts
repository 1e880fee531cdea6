import type { ParsedDocument } from '../document';
import type { Verb, Verdict } from '../asyncapi';
import type { Endpoints, WsApi } from './apiModel';
import type { ProblemSink } from './projectProblems';
import { isRecord } from '../document/documentKind';
import { stringAt } from './projectProblems';
import { didYouMean } from '../text/didYouMean';

/** One entry of api.yaml `operations`. */
export interface ApiOperation {
  readonly target: string;
  readonly verb: Verb;
  readonly uriMapping?: string;
  readonly authType?: string;
  /** `scopes` of the operation (scope names). */
  readonly scopes?: readonly string[];
}

/** The fields of api.yaml `data` the gateway needs: the API without its topics, and the operations they come from. */
export interface ApiYaml extends Omit<WsApi, 'topics'> {
  readonly operations: readonly ApiOperation[];
}

export type ApiYamlReading =
  | { readonly kind: 'ws'; readonly api: ApiYaml }
  | { readonly kind: 'not-ws'; readonly type: string }
  | { readonly kind: 'invalid' };

/** Reads api.yaml (or api.json) of an apictl API project; problems go to the sink. */
export function readApiYaml(parsed: ParsedDocument, sink: ProblemSink): ApiYamlReading {
  const root = parsed.root;
  if (parsed.problems.some((problem) => problem.severity === 'error')) {
    return { kind: 'invalid' }; // the syntax errors are in the sink already
  }
  if (!isRecord(root) || root.type !== 'api' || !isRecord(root.data)) {
    sink.error(['type'], 'wso2-not-api-project', "api.yaml must have 'type: api' and a 'data' mapping.");
    return { kind: 'invalid' };
  }
  const data = root.data;
  const type = stringAt(data.type) ?? '';
  if (type.toUpperCase() !== 'WS') {
    return { kind: 'not-ws', type };
  }
  const name = requiredString(data, 'name', sink);
  const context = requiredString(data, 'context', sink);
  const version = requiredString(data, 'version', sink);
  const endpoints = readEndpoints(data.endpointConfig, sink);
  const operations = readOperations(data.operations, sink);
  checkSecuritySchemes(data.securityScheme, sink);
  checkPolicies(data.policies, sink);
  if (context !== undefined) {
    checkContext(context, sink);
  }
  if (name === undefined || context === undefined || version === undefined || endpoints === undefined) {
    return { kind: 'invalid' };
  }
  const wso2Version =
    stringAt(root.version) ?? (typeof root.version === 'number' ? String(root.version) : undefined);
  return {
    kind: 'ws',
    api: {
      ...(wso2Version !== undefined && { wso2Version }),
      name,
      context: normalizeContext(context),
      version,
      isDefaultVersion: data.isDefaultVersion === true,
      endpoints,
      securityScheme: Array.isArray(data.securityScheme) ? data.securityScheme.filter(isString) : [],
      operations,
    },
  };
}

function requiredString(data: Record<string, unknown>, key: string, sink: ProblemSink): string | undefined {
  const value = data[key];
  if (typeof value === 'number') {
    return String(value);
  }
  if (typeof value !== 'string' || value.trim() === '') {
    sink.error(['data', key], 'wso2-missing-field', `data.${key} is missing: add '${key}:' under 'data:'.`);
    return undefined;
  }
  return value.trim();
}

/** WSO2's rules for a context: a leading `/`, and `{version}` at most once, as a whole path segment. */
function checkContext(context: string, sink: ProblemSink): void {
  for (const { severity, code, message } of contextVerdicts(context)) {
    if (severity === 'error') {
      sink.error(['data', 'context'], code, message);
    } else {
      sink.warning(['data', 'context'], code, message);
    }
  }
}

/** What WSO2's context rules say about a context (api.yaml diagnostics and the design commands' input). */
export function contextVerdicts(context: string): Verdict[] {
  const verdicts: Verdict[] = [];
  if (!context.startsWith('/')) {
    verdicts.push({
      code: 'wso2-context-slash',
      severity: 'warning',
      message: `A context starts with '/': write '/${context}'.`,
    });
  }
  const uses = context.split('{version}').length - 1;
  if (uses > 1) {
    verdicts.push({
      code: 'wso2-context-version',
      severity: 'error',
      message: "'{version}' may appear only once in a context.",
    });
  } else if (uses === 1 && !context.split('/').includes('{version}')) {
    verdicts.push({
      code: 'wso2-context-version',
      severity: 'error',
      message:
        "'{version}' must be a whole path segment of the context, e.g. '/{version}/chats' or '/chats/{version}'.",
    });
  }
  return verdicts;
}

/** A WebSocket endpoint URL as WSO2 accepts it: ws:// or wss:// and a host. */
export function isWsUrl(url: string): boolean {
  return /^wss?:\/\/[^/?#]+/i.test(url.trim());
}

/** The message for an endpoint URL (`subject`, e.g. 'production_endpoints.url') that is not ws:// or wss://. */
export function endpointUrlMessage(subject: string, url: string): string {
  return `${subject} must be a ws:// or wss:// URL such as ws://localhost:8080, not '${url}'.`;
}

/** `chats/` → `/chats`; the gateway compares contexts in this form. */
export function normalizeContext(context: string): string {
  const trimmed = context.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function readEndpoints(config: unknown, sink: ProblemSink): Endpoints | undefined {
  const path = ['data', 'endpointConfig'];
  if (!isRecord(config)) {
    sink.error(
      path,
      'wso2-no-endpoint',
      'data.endpointConfig is missing: add production_endpoints.url (ws://…).',
    );
    return undefined;
  }
  if (config.endpoint_type === 'http') {
    // WSO2 4.0 exported WebSocket APIs with endpoint_type http, and its gateway takes the endpoints' URLs
    // whatever the type says (docs/wso2.md 8.3): an old export, served as it is.
    sink.warning(
      [...path, 'endpoint_type'],
      'wso2-endpoint-type',
      "endpoint_type 'http' is what WSO2 4.0 exported for WebSocket APIs; 4.1 and later write 'ws': set it to 'ws'.",
    );
  } else if (config.endpoint_type !== 'ws') {
    sink.error(
      [...path, 'endpoint_type'],
      'wso2-endpoint-type',
      `endpointConfig.endpoint_type must be 'ws' for a WebSocket API, not '${String(config.endpoint_type)}'.`,
    );
    return undefined;
  }
  const production = endpointUrl(config, 'production_endpoints', sink);
  const sandbox = endpointUrl(config, 'sandbox_endpoints', sink);
  if (production === null || sandbox === null) {
    return undefined;
  }
  if (production === undefined && sandbox === undefined) {
    sink.error(
      path,
      'wso2-no-endpoint',
      'endpointConfig has no production_endpoints.url or sandbox_endpoints.url.',
    );
    return undefined;
  }
  return { ...(production && { production }), ...(sandbox && { sandbox }) };
}

/** The url of one endpoint kind; undefined when absent, null when present but unusable (reported). */
function endpointUrl(
  config: Record<string, unknown>,
  key: string,
  sink: ProblemSink,
): string | undefined | null {
  const entry = Array.isArray(config[key]) ? (config[key] as unknown[])[0] : config[key];
  const url = isRecord(entry) ? stringAt(entry.url) : undefined;
  if (url === undefined || url.trim() === '') {
    return undefined;
  }
  if (!isWsUrl(url)) {
    const at = Array.isArray(config[key]) ? [key, 0, 'url'] : [key, 'url'];
    sink.error(['data', 'endpointConfig', ...at], 'wso2-endpoint-url', endpointUrlMessage(`${key}.url`, url));
    return null;
  }
  return url.trim();
}

function readOperations(operations: unknown, sink: ProblemSink): ApiOperation[] {
  if (!Array.isArray(operations)) {
    return [];
  }
  const read: ApiOperation[] = [];
  operations.forEach((operation: unknown, index) => {
    const path = ['data', 'operations', index];
    const target = isRecord(operation) ? stringAt(operation.target) : undefined;
    const verb = isRecord(operation) ? stringAt(operation.verb)?.toUpperCase() : undefined;
    if (!isRecord(operation) || target === undefined || target === '') {
      sink.error(
        path,
        'wso2-operation-target',
        'An operation needs a target (the topic, e.g. /notifications).',
      );
      return;
    }
    if (verb !== 'SUBSCRIBE' && verb !== 'PUBLISH') {
      sink.error(
        [...path, 'verb'],
        'wso2-operation-verb',
        `verb must be SUBSCRIBE or PUBLISH, not '${verb ?? ''}'.`,
      );
      return;
    }
    const uriMapping = stringAt(operation.uriMapping);
    const authType = stringAt(operation.authType);
    const scopes = Array.isArray(operation.scopes) ? operation.scopes.filter(isString) : [];
    read.push({
      target,
      verb,
      ...(uriMapping !== undefined && { uriMapping }),
      ...(authType && { authType }),
      ...(scopes.length > 0 && { scopes }),
    });
  });
  return read;
}

/** The `securityScheme` values WSO2 knows; a WebSocket API's gateway honours only OAuth2 tokens and API keys. */
export const SECURITY_SCHEMES = ['oauth2', 'api_key', 'oauth_basic_auth_api_key_mandatory'] as const;
const NOT_FOR_WEBSOCKET = ['basic_auth', 'mutualssl', 'mutualssl_mandatory', 'api_key_mandatory'];

function checkSecuritySchemes(schemes: unknown, sink: ProblemSink): void {
  if (!Array.isArray(schemes)) {
    return;
  }
  schemes.forEach((scheme: unknown, index) => {
    const path = ['data', 'securityScheme', index];
    if (typeof scheme !== 'string' || (SECURITY_SCHEMES as readonly string[]).includes(scheme)) {
      return;
    }
    if (NOT_FOR_WEBSOCKET.includes(scheme)) {
      sink.warning(
        path,
        'wso2-security-scheme',
        `'${scheme}' does not secure a WebSocket API: its gateway accepts only OAuth2 tokens (oauth2) and API keys (api_key).`,
      );
      return;
    }
    const meant = didYouMean(scheme, [...SECURITY_SCHEMES, ...NOT_FOR_WEBSOCKET]);
    sink.error(
      path,
      'wso2-security-scheme',
      `'${scheme}' is not a security scheme WSO2 knows${meant === undefined ? '' : `: did you mean '${meant}'?`} Use oauth2, api_key or oauth_basic_auth_api_key_mandatory.`,
    );
  });
}

/** The subscription policies of REST APIs; the Publisher offers streaming APIs their Async ones. */
const REST_POLICIES = ['Unlimited', 'Gold', 'Silver', 'Bronze', 'Unauthenticated'];

/** The Async subscription policy that matches a REST one: `Gold` → `AsyncGold`; undefined for any other. */
export function asyncPolicyFor(policy: string): string | undefined {
  if (!REST_POLICIES.includes(policy)) {
    return undefined;
  }
  return `Async${policy === 'Unauthenticated' ? 'Unlimited' : policy}`;
}

/**
 * A REST policy on a WebSocket API is a warning: WSO2's import takes any subscription policy of the tenant, and
 * REST ones are among them (WSO2 4.0 exported WebSocket APIs with `Unlimited`), but the Publisher gives streaming
 * APIs the Async ones (docs/wso2.md 8.3).
 */
function checkPolicies(policies: unknown, sink: ProblemSink): void {
  if (!Array.isArray(policies)) {
    return;
  }
  policies.forEach((policy: unknown, index) => {
    const wanted = typeof policy === 'string' ? asyncPolicyFor(policy) : undefined;
    if (wanted !== undefined) {
      sink.warning(
        ['data', 'policies', index],
        'wso2-throttling-policy',
        `'${String(policy)}' is a policy for REST APIs (WSO2 4.0 exported WebSocket APIs with it): streaming APIs get Async policies, e.g. '${wanted}'.`,
      );
    }
  });
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
