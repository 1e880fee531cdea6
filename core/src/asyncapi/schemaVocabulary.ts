import { isRecord } from '../document/documentKind';

/** Every property name a JSON Schema defines anywhere (its `properties` keys): the words of a spec version. */
export function schemaVocabulary(schema: unknown): Set<string> {
  const words = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (seen.has(node) || typeof node !== 'object' || node === null) {
      return;
    }
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (isRecord(node) && isRecord(node['properties'])) {
      Object.keys(node['properties']).forEach((key) => words.add(key));
    }
    Object.values(node).forEach(walk);
  };
  walk(schema);
  return words;
}

/** A schema reached while walking a spec's JSON Schema, with what its local `$ref`s resolve against. */
export interface SchemaNode {
  readonly schema: Record<string, unknown>;
  /** The nearest enclosing schema with an `$id` (local `#/definitions/...` refs resolve in it). */
  readonly base: Record<string, unknown>;
  /** The `$id` of the nearest definition this node belongs to (`.../server.json`). */
  readonly origin: string | undefined;
}

/** One key a schema allows in a mapping, for completion and hover. */
export interface SchemaProperty {
  readonly name: string;
  readonly required: boolean;
  readonly description: string | undefined;
  /** The property's schemas, expanded: types, enums and sub-properties are read from them. */
  readonly nodes: readonly SchemaNode[];
}

const MAX_DEPTH = 24;

/**
 * Walks the JSON Schema of one AsyncAPI version (as @asyncapi/specs ships it: definitions keyed by their `$id`)
 * along document paths: which keys a mapping may have, which values a key accepts, what a key means.
 */
export class SchemaNavigator {
  private readonly byId = new Map<string, Record<string, unknown>>();
  private readonly cache = new Map<string, SchemaNode[]>();
  private readonly expanded = new WeakMap<object, Map<string, SchemaNode[]>>();

  constructor(private readonly root: Record<string, unknown>) {
    const definitions = root['definitions'];
    if (isRecord(definitions)) {
      for (const [key, definition] of Object.entries(definitions)) {
        if (isRecord(definition)) {
          this.byId.set(key, definition);
          const id = definition['$id'];
          if (typeof id === 'string') {
            this.byId.set(id, definition);
          }
        }
      }
    }
  }

  /** The schemas that apply at a path of the document, with `$ref`, `allOf`, `oneOf` and `anyOf` expanded. */
  at(path: ReadonlyArray<string | number>): SchemaNode[] {
    const key = JSON.stringify(path);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      return cached;
    }
    let nodes = this.expand({ schema: this.root, base: this.root, origin: idOf(this.root) });
    for (const segment of path) {
      nodes = nodes.flatMap((node) => this.child(node, segment)).flatMap((node) => this.expandOnce(node));
      if (nodes.length === 0) {
        break;
      }
    }
    if (this.cache.size > 2000) {
      this.cache.clear();
    }
    this.cache.set(key, nodes);
    return nodes;
  }

  /** The keys the schemas at a path define, required ones first; `$ref` is never required. */
  properties(nodes: readonly SchemaNode[]): SchemaProperty[] {
    const found = new Map<string, { required: boolean; description?: string; nodes: SchemaNode[] }>();
    for (const node of nodes) {
      const properties = node.schema['properties'];
      if (!isRecord(properties)) {
        continue;
      }
      const required = Array.isArray(node.schema['required']) ? (node.schema['required'] as unknown[]) : [];
      for (const [name, value] of Object.entries(properties)) {
        if (!isRecord(value)) {
          continue;
        }
        const entry = found.get(name) ?? { required: false, nodes: [] };
        entry.required ||= name !== '$ref' && required.includes(name);
        entry.description ??= stringOf(value['description']);
        entry.nodes.push(...this.expand({ schema: value, base: node.base, origin: node.origin }));
        found.set(name, entry);
      }
    }
    return [...found].map(([name, entry]) => ({
      name,
      required: entry.required,
      description:
        entry.description ?? entry.nodes.map((node) => stringOf(node.schema['description'])).find(Boolean),
      nodes: entry.nodes,
    }));
  }

  /** The values an `enum` or `const` of the schemas allows, and `true`/`false` for booleans. */
  values(nodes: readonly SchemaNode[]): unknown[] {
    return schemaValues(nodes);
  }

  private child(node: SchemaNode, segment: string | number): SchemaNode[] {
    const { schema } = node;
    const at = (value: unknown): SchemaNode[] =>
      isRecord(value) ? [{ schema: value, base: node.base, origin: node.origin }] : [];
    if (typeof segment === 'number') {
      const items = schema['items'];
      return Array.isArray(items) ? at(items[segment] ?? schema['additionalItems']) : at(items);
    }
    const properties = schema['properties'];
    if (isRecord(properties) && isRecord(properties[segment])) {
      return at(properties[segment]);
    }
    const patterns = schema['patternProperties'];
    if (isRecord(patterns)) {
      const matching = Object.entries(patterns).filter(([pattern]) => safeTest(pattern, segment));
      if (matching.length > 0) {
        return matching.flatMap(([, value]) => at(value));
      }
    }
    return at(schema['additionalProperties']);
  }

  /** `expand`, remembered per schema object (and what it resolves against): paths share most of their schemas. */
  private expandOnce(node: SchemaNode): SchemaNode[] {
    let byContext = this.expanded.get(node.schema);
    if (byContext === undefined) {
      byContext = new Map();
      this.expanded.set(node.schema, byContext);
    }
    const key = `${node.origin ?? ''} ${idOf(node.base) ?? ''}`;
    let nodes = byContext.get(key);
    if (nodes === undefined) {
      nodes = this.expand(node);
      byContext.set(key, nodes);
    }
    return nodes;
  }

  /** A schema with its `$ref`, `allOf`, `oneOf`, `anyOf`, `then` and `else` followed. */
  private expand(node: SchemaNode, depth = 0, seen = new Set<unknown>()): SchemaNode[] {
    if (depth > MAX_DEPTH || seen.has(node.schema)) {
      return [];
    }
    seen.add(node.schema);
    const { schema } = node;
    const own = idOf(schema);
    const here: SchemaNode =
      own === undefined ? node : { schema, base: schema, origin: own.startsWith('http') ? own : node.origin };
    const ref = schema['$ref'];
    const result: SchemaNode[] = [];
    if (typeof ref === 'string') {
      const target = this.resolve(ref, here.base);
      if (target !== undefined) {
        result.push(
          ...this.expand({ schema: target, base: here.base, origin: here.origin }, depth + 1, seen),
        );
      }
    }
    for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
      const list = schema[keyword];
      if (Array.isArray(list)) {
        for (const item of list) {
          if (isRecord(item)) {
            result.push(...this.expand({ ...here, schema: item }, depth + 1, seen));
          }
        }
      }
    }
    for (const keyword of ['then', 'else']) {
      if (isRecord(schema[keyword])) {
        result.push(...this.expand({ ...here, schema: schema[keyword] }, depth + 1, seen));
      }
    }
    return typeof ref === 'string' && result.length > 0 ? result : [here, ...result];
  }

  private resolve(ref: string, base: Record<string, unknown>): Record<string, unknown> | undefined {
    const direct = this.byId.get(ref);
    if (direct !== undefined) {
      return direct;
    }
    const hash = ref.indexOf('#');
    const document = hash <= 0 ? (hash === 0 ? base : this.byId.get(ref)) : this.byId.get(ref.slice(0, hash));
    if (document === undefined || hash === -1) {
      return document;
    }
    let target: unknown = document;
    for (const part of ref
      .slice(hash + 1)
      .split('/')
      .filter(Boolean)) {
      target = isRecord(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    }
    if (target === undefined && document !== this.root) {
      return this.resolve(ref.slice(hash), this.root);
    }
    return isRecord(target) ? target : undefined;
  }
}

/** The values an `enum` or `const` of the schemas allows, and `true`/`false` for booleans. */
export function schemaValues(nodes: readonly SchemaNode[]): unknown[] {
  const values: unknown[] = [];
  for (const { schema } of nodes) {
    if (Array.isArray(schema['enum'])) {
      values.push(...(schema['enum'] as unknown[]));
    }
    if ('const' in schema) {
      values.push(schema['const']);
    }
    if (schema['type'] === 'boolean') {
      values.push(true, false);
    }
  }
  return [...new Set(values)];
}

function idOf(schema: Record<string, unknown>): string | undefined {
  return stringOf(schema['$id']);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const patternCache = new Map<string, RegExp | null>();

function safeTest(pattern: string, text: string): boolean {
  let regex = patternCache.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(pattern, 'u');
    } catch {
      try {
        regex = new RegExp(pattern);
      } catch {
        regex = null;
      }
    }
    patternCache.set(pattern, regex);
  }
  return regex?.test(text) ?? false;
}
