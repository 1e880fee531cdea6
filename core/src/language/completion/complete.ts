import {
  SchemaNavigator,
  schemaValues,
  type SchemaNode,
  type SchemaProperty,
} from '../../asyncapi/schemaVocabulary';
import { isRecord } from '../../document/documentKind';
import { isApiYaml, projectFileOf } from '../../wso2/projectLayout';
import { API_YAML_SCHEMA, apiYamlValues } from './apiYaml';
import { completeReference, referenceInsert, isReferencePosition } from './references';
import { snippetEntries } from './snippets';
import { webSocketKeys, webSocketValues } from './webSocket';
import type { CursorContext, DocumentIndex } from '../cursor/types';
import { valueEntry } from './entries';
import type { AssistDocument, AssistEnvironment, CompletionEntry, KeyInfo, ValueShape } from './types';

const WEBSOCKET_HINT =
  /\bwss?:\/\/|protocol["']?\s*:\s*["']?wss?\b|x-uri-mapping|x-auth-type|x-scopes|\n\s+["']?ws["']?\s*:\s/;

/** Reads what kind of API document an index is; undefined for anything completion does not serve. */
export function assistDocument(uri: string, index: DocumentIndex): AssistDocument | undefined {
  const version = index.scalarAt(['asyncapi']);
  if (version !== undefined) {
    const webSocket = projectFileOf(uri)?.role === 'definition' || WEBSOCKET_HINT.test(index.text);
    return { uri, index, kind: 'asyncapi', version, webSocket };
  }
  if (isApiYaml(uri, { type: index.scalarAt(['type']) })) {
    return { uri, index, kind: 'api-yaml', version: undefined, webSocket: true };
  }
  return undefined;
}

const navigators = new WeakMap<object, SchemaNavigator>();

/** The schema that describes a document: its AsyncAPI version's, or WSO2's api.yaml fields. */
export function schemaOf(
  document: AssistDocument,
  environment: AssistEnvironment,
): SchemaNavigator | undefined {
  const schema =
    document.kind === 'api-yaml' ? API_YAML_SCHEMA : environment.asyncApiSchema(document.version ?? '');
  if (!isRecord(schema)) {
    return undefined;
  }
  let navigator = navigators.get(schema);
  if (navigator === undefined) {
    navigator = new SchemaNavigator(schema);
    navigators.set(schema, navigator);
  }
  return navigator;
}

/** The spec version of @asyncapi/specs that serves a document's `asyncapi` value (`2.4` → `2.4.0`, `2.7.0` → `2.6.0`). */
export function specVersionFor(version: string, available: readonly string[]): string | undefined {
  if (available.includes(version)) {
    return version;
  }
  const [major, minor] = version.split('.').map(Number);
  const sameMajor = available
    .filter((candidate) => Number(candidate.split('.')[0]) === major)
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  const atOrBelow = sameMajor.filter((candidate) => Number(candidate.split('.')[1]) <= (minor ?? 0));
  return atOrBelow[atOrBelow.length - 1] ?? sameMajor[0];
}

/** Completions at an offset of an AsyncAPI document or api.yaml. */
export function doComplete(
  document: AssistDocument,
  offset: number,
  environment: AssistEnvironment,
): CompletionEntry[] {
  const context = document.index.contextAt(offset);
  const navigator = schemaOf(document, environment);
  if (context === undefined || navigator === undefined) {
    return [];
  }
  if (context.kind === 'value' || context.mayBeValue) {
    const values = completeValues(document, context, offset, navigator, environment);
    if (context.kind === 'value' || values.length > 0) {
      return context.kind === 'value' ? values : [...values, ...completeKeys(document, context, navigator)];
    }
  }
  return completeKeys(document, context, navigator);
}

function completeValues(
  document: AssistDocument,
  context: CursorContext,
  offset: number,
  navigator: SchemaNavigator,
  environment: AssistEnvironment,
): CompletionEntry[] {
  if (isReferencePosition(context)) {
    return completeReference(document, context, environment);
  }
  const special =
    document.kind === 'api-yaml'
      ? apiYamlValues(document, context, offset, environment)
      : document.webSocket
        ? webSocketValues(document, context, offset)
        : undefined;
  if (special !== undefined) {
    return special;
  }
  const nodes = navigator.at(context.path);
  if (onlyReferences(nodes)) {
    return completeReference(document, context, environment, referenceInsert(document.index.format));
  }
  return navigator
    .values(nodes)
    .map((value, index) => valueEntry(document, context, value, `0${String(index).padStart(3, '0')}`));
}

function completeKeys(
  document: AssistDocument,
  context: CursorContext,
  navigator: SchemaNavigator,
): CompletionEntry[] {
  const nodes = narrow(navigator.at(context.path), context, document);
  const present = new Set(context.present);
  const onlyRef = present.has('$ref');
  const properties = onlyRef
    ? []
    : navigator.properties(nodes).filter((property) => !present.has(property.name));
  const withoutRef =
    present.size > 0 ? properties.filter((property) => property.name !== '$ref') : properties;
  const wsServer =
    document.webSocket &&
    context.path.length === 2 &&
    context.path[0] === 'servers' &&
    document.kind === 'asyncapi';
  const entries = withoutRef.map((property) =>
    // A WebSocket server's protocol: ws or wss to choose from (the schema has no enum for it).
    wsServer && property.name === 'protocol'
      ? keyEntry(document, context, { ...property, shape: 'enum', values: ['ws', 'wss'] })
      : keyEntry(document, context, property),
  );
  const extra =
    document.kind === 'asyncapi' && document.webSocket ? webSocketKeys(document, context.path) : [];
  for (const key of extra) {
    if (!present.has(key.name) && !entries.some((entry) => entry.label === key.name)) {
      entries.push(keyEntry(document, context, key, '3'));
    }
  }
  return [...entries, ...snippetEntries(document, context)];
}

/** Drops alternatives that the keys already present rule out (a security scheme of another `type`, ...). */
function narrow(nodes: SchemaNode[], context: CursorContext, document: AssistDocument): SchemaNode[] {
  const relevant = nodes.filter((node) => !/avroSchema|openapiSchema/.test(node.origin ?? ''));
  if (context.present.length === 0) {
    return relevant;
  }
  const kept = relevant.filter((node) => {
    const properties = node.schema['properties'];
    if (!isRecord(properties)) {
      return true;
    }
    return context.present.every((key) => {
      const property = properties[key];
      if (property === undefined) {
        return node.schema['additionalProperties'] !== false || key.startsWith('x-');
      }
      const allowed = isRecord(property)
        ? schemaValues([{ schema: property, base: property, origin: undefined }])
        : [];
      const value = allowed.length > 0 ? document.index.scalarAt([...context.path, key]) : undefined;
      return value === undefined || allowed.some((candidate) => String(candidate) === value);
    });
  });
  return kept.length > 0 ? kept : relevant;
}

function onlyReferences(nodes: readonly SchemaNode[]): boolean {
  const withProperties = nodes.filter((node) => isRecord(node.schema['properties']));
  return withProperties.length > 0 && withProperties.every((node) => isReference(node));
}

export function isReference(node: SchemaNode): boolean {
  const properties = node.schema['properties'];
  return isRecord(properties) && Object.keys(properties).length === 1 && '$ref' in properties;
}

/** What a key's value is: decides the snippet. */
function shapeOf(nodes: readonly SchemaNode[]): { shape: ValueShape; values: unknown[] } {
  const values = schemaValues(nodes.filter((node) => !isRecord(node.schema['properties'])));
  const types = new Set(
    nodes.flatMap((node): unknown[] => {
      const type = node.schema['type'];
      return Array.isArray(type)
        ? (type as unknown[])
        : typeof type === 'string'
          ? [type]
          : isRecord(node.schema['properties'])
            ? ['object']
            : [];
    }),
  );
  const objects = nodes.filter(
    (node) => isRecord(node.schema['properties']) || node.schema['type'] === 'object',
  );
  if (objects.length > 0 && objects.every(isReference) && !types.has('string')) {
    return { shape: 'reference', values };
  }
  if (values.length > 0 && !types.has('object') && !types.has('array')) {
    return { shape: values.every((value) => typeof value === 'boolean') ? 'boolean' : 'enum', values };
  }
  if (types.has('array') && !types.has('object')) {
    return { shape: 'array', values };
  }
  if (types.has('object')) {
    return { shape: 'object', values };
  }
  return { shape: types.has('string') ? 'string' : 'scalar', values };
}

function keyEntry(
  document: AssistDocument,
  context: CursorContext,
  property: SchemaProperty | KeyInfo,
  group?: string,
): CompletionEntry {
  const nodes = property.nodes ?? [];
  const fromSchema = shapeOf(nodes);
  const shape = 'shape' in property && property.shape !== undefined ? property.shape : fromSchema.shape;
  const values = 'values' in property && property.values !== undefined ? property.values : fromSchema.values;
  const required = property.required === true;
  const sortGroup = group ?? (required ? '0' : property.name === '$ref' ? '2' : '1');
  const insert = keySnippet(document.index.format, context, property.name, shape, values);
  return {
    label: property.name,
    kind: 'property',
    insert,
    snippet: true,
    replace: context.replace,
    sortText: `${sortGroup}${property.name}`,
    filterText: context.quote !== undefined ? `"${property.name}"` : property.name,
    ...(required && { detail: 'required' }),
    ...(property.description !== undefined && { documentation: property.description }),
    ...(shape === 'reference' && !context.hasColon && { retrigger: true }),
    ...(property.name === '$ref' && !context.hasColon && { retrigger: true }),
  };
}

function keySnippet(
  format: 'yaml' | 'json',
  context: CursorContext,
  name: string,
  shape: ValueShape,
  values: readonly unknown[],
): string {
  const escaped = escapeSnippet(name);
  if (format === 'json') {
    const key = `"${escaped}"`;
    if (context.hasColon) {
      return key;
    }
    const choice = values.map((value) => escapeChoice(JSON.stringify(value))).join(',');
    const body: Record<ValueShape, string> = {
      object: '{$1}',
      array: '[$1]',
      reference: '{ "\\$ref": "$1" }',
      enum: `\${1|${choice}|}`,
      boolean: `\${1|${choice}|}`,
      string: '"$1"',
      scalar: '$1',
    };
    return `${key}: ${body[shape]}`;
  }
  if (context.hasColon) {
    return escaped;
  }
  const choice = values.map((value) => escapeChoice(String(value))).join(',');
  if (context.flow) {
    return shape === 'enum' || shape === 'boolean' ? `${escaped}: \${1|${choice}|}` : `${escaped}: $1`;
  }
  const body: Record<ValueShape, string> = {
    object: ':\n  $1',
    array: ':\n  - $1',
    reference: ":\n  \\$ref: '$1'",
    enum: `: \${1|${choice}|}`,
    boolean: `: \${1|${choice}|}`,
    string: ': $1',
    scalar: ': $1',
  };
  return `${escaped}${body[shape]}`;
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

function escapeChoice(text: string): string {
  return text.replace(/[\\$}|,]/g, '\\$&');
}
