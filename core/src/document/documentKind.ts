import type { DocumentFormat } from './documentFormat';

/** What an API definition file is, as far as wsapi cares. */
export type DocumentKind = 'asyncapi' | 'other';

// A top-level `asyncapi:` key in YAML starts a line (optionally quoted); in JSON it is a quoted key anywhere.
// Both are cheap supersets of "the root has an asyncapi key": the parser confirms it.
const YAML_ASYNCAPI_KEY = /^(?:asyncapi|"asyncapi"|'asyncapi')[ \t]*:/m;
const JSON_ASYNCAPI_KEY = /"asyncapi"\s*:/;

/**
 * Tells in one regular-expression scan whether a text can be an AsyncAPI document, so that every other
 * YAML or JSON file costs next to nothing.
 */
export function mightBeAsyncApi(text: string, format: DocumentFormat): boolean {
  return (format === 'yaml' ? YAML_ASYNCAPI_KEY : JSON_ASYNCAPI_KEY).test(text);
}

/** The kind of a parsed document: AsyncAPI when its root is a mapping with an `asyncapi` key. */
export function kindOf(root: unknown): DocumentKind {
  return isRecord(root) && 'asyncapi' in root ? 'asyncapi' : 'other';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
