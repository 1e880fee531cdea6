import { readTopics, type Verb } from '../asyncapi';
import { isRecord } from '../document/documentKind';
import { normalizeContext } from '../wso2/apiYaml';
import { API_FILE_NAMES, DEFINITION_FILE_NAMES, META_FILE_NAMES } from '../wso2/projectLayout';
import { scopeNames } from '../wso2/asyncApiTopics';
import type { CreateApiArgs, ImportAsyncApiArgs } from './commands';
import { documentEditor, renderYaml } from './documentEditor';
import {
  type ApiPlace,
  validateAsyncApiVersion,
  validateContext,
  validateEndpoint,
  validateName,
  validateVersion,
} from './fields';
import { DesignError, readDesignRoot, type NewProject, type SourceText } from './project';
import {
  apiMetaValue,
  apiYamlValue,
  asyncApiValue,
  deploymentEnvironmentsValue,
  DEFAULT_TOPIC,
  MANDATORY_SCHEME,
  sortVerbs,
  type ApiSpec,
  type ScopeSpec,
  type TopicSpec,
  wso2Servers,
} from './wso2Files';

type Required<T, K extends keyof T> = T & { readonly [P in K]-?: NonNullable<T[P]> };

/** Throws the first field's message as a DesignError naming the field. */
function check(field: string, message: string | undefined): void {
  if (message !== undefined) {
    throw new DesignError(message, field);
  }
}

/**
 * The files of a new WebSocket API project, as WSO2 writes them: api.yaml, Definitions/asyncapi.yaml (2.0.0 or
 * 3.0.0), deployment_environments.yaml and api_meta.yaml, with the default topic `/*` (SUBSCRIBE and PUBLISH).
 */
export function createApi(
  args: Required<CreateApiArgs, 'name' | 'context' | 'version' | 'endpoint'>,
  used: readonly ApiPlace[] = [],
): NewProject {
  check('name', validateName(args.name));
  check('version', validateVersion(args.version));
  check('context', validateContext(args.context, used, args.version));
  check('endpoint', validateEndpoint(args.endpoint));
  if (args.sandboxEndpoint !== undefined) {
    check('sandboxEndpoint', validateEndpoint(args.sandboxEndpoint, 'The sandbox endpoint'));
  }
  const asyncapiVersion = args.asyncapiVersion ?? '2.0.0';
  check('asyncapiVersion', validateAsyncApiVersion(asyncapiVersion));
  const api: ApiSpec = {
    name: args.name.trim(),
    context: normalizeContext(args.context.trim()),
    version: args.version.trim(),
    endpoint: args.endpoint.trim(),
    sandboxEndpoint: (args.sandboxEndpoint ?? args.endpoint).trim(),
    securityScheme: ['oauth2', MANDATORY_SCHEME],
    scopes: [],
    topics: [{ topic: DEFAULT_TOPIC, verbs: ['SUBSCRIBE', 'PUBLISH'] }],
  };
  return projectOf(api, {
    path: DEFINITION_FILE_NAMES[0],
    text: renderYaml(asyncApiValue(api, asyncapiVersion), 0),
  });
}

function projectOf(api: ApiSpec, definition: { path: string; text: string }): NewProject {
  return {
    folder: `${api.name}-${api.version}`,
    definition: definition.path,
    files: [
      { path: API_FILE_NAMES[0], text: renderYaml(apiYamlValue(api), 0) },
      definition,
      { path: META_FILE_NAMES[0], text: renderYaml(deploymentEnvironmentsValue(), 0) },
      { path: META_FILE_NAMES[1], text: renderYaml(apiMetaValue(api.name, api.version), 0) },
    ],
  };
}

/** The AsyncAPI versions WSO2 imports (AsyncApiParserFactory): 2.0 to 2.6, and 3.0. */
export function isImportableVersion(version: string): boolean {
  return /^2\.[0-6](?:\.|$)/.test(version) || /^3\.0(?:\.|$)/.test(version);
}

/**
 * A project from an AsyncAPI document, as WSO2's "Import AsyncAPI" does: name, version and description from
 * `info`, topics from the channels (verbs, `x-uri-mapping`, `x-scopes`, `x-auth-type`), scopes from the implicit
 * flow; context and endpoint are given (they are not in the document). An `x-scopes` entry the implicit flow
 * does not declare is refused with WSO2's "Scope 'abc' not found." The definition is the source text with its
 * `servers` written from the endpoint, as WSO2 rewrites them on import (production and sandbox, protocol `ws`;
 * channel `servers` that named the old ones are dropped); the source file itself is not touched.
 */
export function importAsyncApi(
  source: SourceText,
  args: Required<ImportAsyncApiArgs, 'context' | 'endpoint'>,
  used: readonly ApiPlace[] = [],
): NewProject {
  const root = readDesignRoot(source, 'The AsyncAPI document');
  const version = typeof root['asyncapi'] === 'number' ? String(root['asyncapi']) : root['asyncapi'];
  if (typeof version !== 'string') {
    throw new DesignError(
      "The document has no 'asyncapi' key (WSO2: '#: attribute [asyncapi] should be present').",
      'source',
    );
  }
  if (!isImportableVersion(version)) {
    throw new DesignError(
      `Unsupported AsyncAPI version: ${version}. WSO2 imports 2.0 to 2.6 and 3.0.`,
      'source',
    );
  }
  const info = isRecord(root['info']) ? root['info'] : {};
  const name = typeof info['title'] === 'string' ? info['title'] : '';
  const apiVersion =
    typeof info['version'] === 'string' || typeof info['version'] === 'number' ? String(info['version']) : '';
  check('source', prefixed('info.title', validateName(name)));
  check('source', prefixed('info.version', validateVersion(apiVersion)));
  check('context', validateContext(args.context, used, apiVersion));
  check('endpoint', validateEndpoint(args.endpoint));
  const topics = importedTopics(root);
  if (topics.length === 0) {
    throw new DesignError(
      'The document has no channels, and WSO2 needs at least one topic: add a channel first.',
      'source',
    );
  }
  const scopes = importedScopes(root);
  const unknown = topics
    .flatMap((topic) => Object.values(topic.scopes ?? {}).flat())
    .find((scope) => !scopes.some((declared) => declared.name === scope));
  if (unknown !== undefined) {
    throw new DesignError(
      `Scope '${unknown}' not found. WSO2 refuses the import: declare it under components.securitySchemes.oauth2.flows.implicit.${version.startsWith('3') ? 'availableScopes' : 'scopes'}, or remove it from x-scopes.`,
      'source',
    );
  }
  const description = typeof info['description'] === 'string' ? info['description'] : undefined;
  const api: ApiSpec = {
    name: name.trim(),
    context: normalizeContext(args.context.trim()),
    version: apiVersion.trim(),
    ...(description !== undefined && { description }),
    endpoint: args.endpoint.trim(),
    sandboxEndpoint: args.endpoint.trim(),
    securityScheme: ['oauth2', MANDATORY_SCHEME],
    scopes,
    topics,
  };
  return projectOf(api, {
    path: DEFINITION_FILE_NAMES[source.format === 'json' ? 2 : 0],
    text: withWso2Servers(source, version.startsWith('3') ? 3 : 2, api),
  });
}

/**
 * The source text with `servers` as WSO2 writes them from the API's endpoints (docs/wso2.md 1.1, 8.5), and
 * without the channels' references to servers that are gone (a 2.x `servers` list of names, 3.0 `$ref`s).
 */
function withWso2Servers(source: SourceText, major: 2 | 3, api: ApiSpec): string {
  const editor = documentEditor(source.text, source.format);
  const servers = wso2Servers(major, { production: api.endpoint, sandbox: api.sandboxEndpoint });
  editor.set(['servers'], servers);
  const channels = editor.value(['channels']);
  for (const [key, channel] of Object.entries(isRecord(channels) ? channels : {})) {
    const listed = isRecord(channel) ? channel['servers'] : undefined;
    if (!Array.isArray(listed)) {
      continue;
    }
    const kept = listed.filter((entry: unknown) => {
      const name =
        isRecord(entry) && typeof entry['$ref'] === 'string'
          ? entry['$ref'].replace(/^#\/servers\//, '')
          : entry;
      return typeof name === 'string' && Object.hasOwn(servers, name);
    });
    if (kept.length !== listed.length) {
      if (kept.length === 0) {
        editor.remove(['channels', key, 'servers']);
      } else {
        editor.set(['channels', key, 'servers'], kept);
      }
    }
  }
  return editor.text;
}

function prefixed(field: string, message: string | undefined): string | undefined {
  return message === undefined ? undefined : `${field}: ${message}`;
}

function importedTopics(root: Record<string, unknown>): TopicSpec[] {
  return readTopics(root).map((topic) => {
    const verbs: Verb[] =
      topic.operations.length > 0
        ? sortVerbs(topic.operations.map((operation) => operation.verb))
        : ['SUBSCRIBE', 'PUBLISH'];
    const uriMappings: Partial<Record<Verb, string>> = {};
    const scopes: Partial<Record<Verb, string[]>> = {};
    for (const operation of topic.operations) {
      const mapping = operation.value['x-uri-mapping'];
      if (typeof mapping === 'string') {
        uriMappings[operation.verb] = mapping;
      }
      scopes[operation.verb] = scopeNames(operation.value['x-scopes']);
    }
    const authType = topic.channel['x-auth-type'];
    return {
      topic: topic.name,
      verbs,
      uriMappings,
      scopes,
      ...((authType === 'Any' || authType === 'None') && { authType }),
    };
  });
}

/** Scopes of the implicit flows (`scopes` in 2.x, `availableScopes` in 3.0) with their `x-scopes-bindings` roles. */
function importedScopes(root: Record<string, unknown>): ScopeSpec[] {
  const components = isRecord(root['components']) ? root['components'] : {};
  const schemes = isRecord(components['securitySchemes']) ? components['securitySchemes'] : {};
  const found = new Map<string, ScopeSpec>();
  for (const scheme of Object.values(schemes)) {
    const flows = isRecord(scheme) && isRecord(scheme['flows']) ? scheme['flows'] : {};
    const implicit = isRecord(flows['implicit']) ? flows['implicit'] : {};
    const declared = isRecord(implicit['scopes'])
      ? implicit['scopes']
      : isRecord(implicit['availableScopes'])
        ? implicit['availableScopes']
        : {};
    const bindings = isRecord(implicit['x-scopes-bindings']) ? implicit['x-scopes-bindings'] : {};
    for (const [name, description] of Object.entries(declared)) {
      const roles =
        typeof bindings[name] === 'string'
          ? bindings[name]
              .split(',')
              .map((role) => role.trim())
              .filter(Boolean)
          : [];
      found.set(name, { name, description: typeof description === 'string' ? description : '', roles });
    }
  }
  return [...found.values()];
}
