import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

import type { ApiTopic } from './wso2';

/** What the language server has done so far: for the status command and the benchmarks. */
export interface ServerStatus {
  /** Open documents. */
  readonly documents: number;
  /** Full parses by the official AsyncAPI parser, and the time they took. */
  readonly parses: number;
  readonly parseMs: number;
  /** Parses running now. */
  readonly parsing: number;
  /** The official parser has loaded and compiled the common versions' schemas (false without a parser). */
  readonly parserWarm: boolean;
}

/** Client → server: the server's status. */
export const ServerStatusRequest = {
  method: 'wsapi/serverStatus',
  type: new RequestType0<ServerStatus, void>('wsapi/serverStatus'),
} as const;

/** A topic of an API project as the editor shows it (no examples or messages). */
export type ApiTopicSummary = Pick<ApiTopic, 'name' | 'verbs' | 'uriMapping' | 'authType' | 'scopes'>;

/** A WSO2 WebSocket API project of the workspace, for the editor's "WebSocket APIs" view. */
export interface ApiProjectSummary {
  /** The project folder (URI). */
  readonly folder: string;
  /** Its api.yaml (or api.json) and its AsyncAPI definition (URIs). */
  readonly apiFile: string;
  readonly definition?: string;
  /** From api.yaml; the folder's name when api.yaml has none. */
  readonly name: string;
  readonly version?: string;
  readonly context?: string;
  readonly securityScheme: readonly string[];
  readonly topics: readonly ApiTopicSummary[];
  /** The first error that keeps the gateway from serving the project as it is. */
  readonly problem?: string;
}

/** Client → server: the WebSocket API projects of the workspace folders, open files as edited. */
export const ApiProjectsRequest = {
  method: 'wsapi/apiProjects',
  type: new RequestType0<ApiProjectSummary[], void>('wsapi/apiProjects'),
} as const;

/** The editor's local gateway, as its listeners are now: for the topic URLs hover shows. */
export interface GatewayListeners {
  /** `ws://127.0.0.1:9099`; absent: the editor runs no gateway. */
  readonly url?: string;
  /** `wss://127.0.0.1:8099`; absent: no wss listener (the editor's gateway serves ws only). */
  readonly tlsUrl?: string;
}

/** Client → server: the editor's gateway started or stopped. */
export const GatewayListenersNotification = {
  method: 'wsapi/gatewayListeners',
  type: new NotificationType<GatewayListeners>('wsapi/gatewayListeners'),
} as const;
