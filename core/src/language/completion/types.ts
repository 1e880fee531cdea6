import type { SchemaNode } from '../../asyncapi/schemaVocabulary';
import type { Span } from '../../document/locator';
import type { DocumentIndex } from '../cursor/types';

/** What completion and hover may read besides the document: the spec schemas and other files. */
export interface AssistEnvironment {
  /** The JSON Schema of an AsyncAPI version as @asyncapi/specs ships it (`2.6.0`); undefined when unknown. */
  asyncApiSchema(version: string): unknown;
  /** The text of another file (an open editor's first); undefined when there is none. */
  readFile?(uri: string): string | undefined;
  /** The entries of a folder (a URI); undefined when it cannot be read. */
  listDirectory?(uri: string): ReadonlyArray<{ name: string; directory: boolean }> | undefined;
  /** The other file of the document's WSO2 API project (api.yaml for its definition, and back). */
  projectSibling?(): { uri: string; text: string } | undefined;
  /** The editor's gateway, when it runs one: hover shows its URLs instead of WSO2's default ports. */
  gateway?(): { readonly url: string; readonly tlsUrl?: string } | undefined;
}

/** A document as completion and hover see it. */
export interface AssistDocument {
  readonly uri: string;
  readonly index: DocumentIndex;
  readonly kind: 'asyncapi' | 'api-yaml';
  /** The `asyncapi` version (`2.6.0`) of an AsyncAPI document. */
  readonly version: string | undefined;
  /** Uses ws/wss or WSO2's extensions: WebSocket keys and values are offered. */
  readonly webSocket: boolean;
}

export type CompletionKind = 'property' | 'value' | 'reference' | 'file' | 'folder' | 'snippet';

/** One completion, independent of LSP: the server turns it into a CompletionItem. */
export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  /** Text or snippet (`snippet: true`) that replaces `replace`. */
  readonly insert: string;
  readonly snippet: boolean;
  readonly replace: Span;
  readonly sortText: string;
  readonly filterText?: string;
  readonly detail?: string;
  readonly documentation?: string;
  /** Ask for completion again after inserting (a `$ref:` key, a folder). */
  readonly retrigger?: boolean;
}

/** The shape of a key's value, which decides the snippet a key completes to. */
export type ValueShape = 'object' | 'array' | 'reference' | 'enum' | 'boolean' | 'string' | 'scalar';

/** A key someone may add, with what it means. */
export interface KeyInfo {
  readonly name: string;
  readonly required?: boolean;
  readonly description?: string;
  readonly nodes?: readonly SchemaNode[];
  /** Values the key accepts (WSO2 extensions, which the spec schema does not know). */
  readonly values?: readonly string[];
  readonly shape?: ValueShape;
}
