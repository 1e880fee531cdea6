import type {
  ClientCapabilities,
  Connection,
  ServerCapabilities,
  TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import type { ParseCache } from '../../../core/src/document/yamlPieces';
import type { RuntimeEnvironment } from '../runtime';
import type { ReadText } from '../utils/readText';
import type { WorkspaceProjects } from '../workspaceProjects';

/** What a feature of the server may use: the connection, the open documents and the workspace's projects. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly runtime: RuntimeEnvironment;
  readonly projects: WorkspaceProjects;
  /** A file's text: the open document's, else the disk's. */
  readonly readText: ReadText;
  /** The workspace folders (URIs) the client named at initialize. */
  workspaceFolders(): readonly string[];
  /** What the client said it supports at initialize. */
  clientCapabilities(): ClientCapabilities;
  /** The parse cache of an open document: the pieces of its last parse, for navigation to build its tree from. */
  parseCache?(uri: string): ParseCache | undefined;
  /** Resolves once a newly opened large document has been read (in slices, while requests are answered). */
  opened?(uri: string): Promise<void>;
}

/**
 * One group of LSP features (language features, design commands, ...): the capabilities it announces and the
 * handlers it registers. Each lives in its own module so that features grow without touching one another.
 */
export interface ServerFeature {
  capabilities(client: ClientCapabilities): ServerCapabilities;
  register(context: ServerContext): void;
}
