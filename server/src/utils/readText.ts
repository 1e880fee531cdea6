import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import type { RuntimeEnvironment } from '../runtime';

/** The text of a file (a URI): the open document's, else the disk's; undefined when there is neither. */
export type ReadText = (uri: string) => string | undefined;

/** "The open document, else the disk": the one way the server reads a file. */
export function textReader(
  documents: Pick<TextDocuments<TextDocument>, 'get'>,
  runtime: Pick<RuntimeEnvironment, 'readFile'>,
): ReadText {
  return (uri) => documents.get(uri)?.getText() ?? runtime.readFile?.(uri);
}
