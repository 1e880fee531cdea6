import { RequestType0 } from 'vscode-languageserver-protocol';

/** What the language server has done so far: for the status command and the benchmarks. */
export interface ServerStatus {
  /** Open documents. */
  readonly documents: number;
  /** Full parses by the official AsyncAPI parser, and the time they took. */
  readonly parses: number;
  readonly parseMs: number;
  /** Parses running now. */
  readonly parsing: number;
}

/** Client → server: the server's status. */
export const ServerStatusRequest = {
  method: 'wsapi/serverStatus',
  type: new RequestType0<ServerStatus, void>('wsapi/serverStatus'),
} as const;
