import type { Range } from 'vscode-languageserver-types';

/** One finding of the official AsyncAPI parser (`@asyncapi/parser`), as its worker reports it. */
export interface ParserFinding {
  readonly code: string;
  readonly message: string;
  /** 0 error, 1 warning, 2 information, 3 hint (the parser's own scale). */
  readonly severity: 0 | 1 | 2 | 3;
  readonly path: ReadonlyArray<string | number>;
  readonly range: Range;
  /** For a key the schema does not allow: the allowed key it most likely meant. */
  readonly suggestion?: string;
}

/** Runs the official parser on a text; `source` (a file path) lets it resolve relative `$ref`s. */
export interface OfficialParser {
  parse(text: string, source: string | undefined): Promise<readonly ParserFinding[]>;
  /**
   * Loads the parser and compiles its rules and the specification schemas of the common versions ahead of the
   * first document (about a second of work off the main thread).
   */
  warmUp(): void;
  /** True once the warm-up is done: a document opened now is parsed at full speed. */
  readonly warm: boolean;
  dispose(): Promise<void>;
}

/** What the server posts to the parser worker. */
export interface ParseRequest {
  readonly id: number;
  readonly text: string;
  readonly source: string | undefined;
}

/** What the worker posts back: the findings, or why it could not parse. */
export type ParseResponse =
  | { readonly id: number; readonly findings: readonly ParserFinding[] }
  | { readonly id: number; readonly error: string };
