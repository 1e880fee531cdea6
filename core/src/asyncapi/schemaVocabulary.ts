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
