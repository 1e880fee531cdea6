import type { TopicType } from '../asyncapi/verbs';

/**
 * The design commands: `workspace/executeCommand` ids of the language server and their arguments. Each takes one
 * object; every field is optional for the palette (the client asks for what is missing), the server names a
 * missing required one in its error. URIs are strings (`file:///…`).
 */
export const DESIGN_COMMANDS = {
  createApi: 'wsapi.createApi',
  addTopic: 'wsapi.addTopic',
  deleteTopic: 'wsapi.deleteTopic',
  setAuth: 'wsapi.setAuth',
  importAsyncApi: 'wsapi.importAsyncApi',
  exportAsyncApi: 'wsapi.exportAsyncApi',
  exportApiProject: 'wsapi.exportApiProject',
} as const;

export type DesignCommand = (typeof DESIGN_COMMANDS)[keyof typeof DESIGN_COMMANDS];

/** The AsyncAPI versions a created API's definition may have (WSO2 4.x writes 2.0.0; newest WSO2 3.0.0). */
export const ASYNCAPI_VERSIONS = ['2.0.0', '3.0.0'] as const;
export type AsyncApiVersion = (typeof ASYNCAPI_VERSIONS)[number];

/** api.yaml `securityScheme` entries the runtime auth offers (WSO2 also keeps `oauth_basic_auth_api_key_mandatory`). */
export const SECURITY_OPTIONS = ['oauth2', 'api_key'] as const;
export type SecurityOption = (typeof SECURITY_OPTIONS)[number];

/** Channel `x-auth-type`: `Any` needs credentials, `None` is an open topic. */
export type TopicAuthType = 'Any' | 'None';

export const EXPORT_FORMATS = ['yaml', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface CreateApiArgs {
  /** The folder in which the project folder `<name>-<version>` is created. */
  readonly folder?: string;
  readonly name?: string;
  /** `/chats`, or with the version placed: `/{version}/chats`. */
  readonly context?: string;
  readonly version?: string;
  /** Production endpoint, ws:// or wss://. */
  readonly endpoint?: string;
  /** Sandbox endpoint; the production endpoint when absent (as the Publisher's create form does). */
  readonly sandboxEndpoint?: string;
  readonly asyncapiVersion?: AsyncApiVersion;
}

export interface AddTopicArgs {
  /** A project folder, its api.yaml or its AsyncAPI definition. */
  readonly project?: string;
  readonly topic?: string;
  /** Default both. */
  readonly types?: readonly TopicType[];
  readonly description?: string;
  /** The URL mapping of both directions. */
  readonly uriMapping?: string;
  readonly pubUriMapping?: string;
  readonly subUriMapping?: string;
}

export interface DeleteTopicArgs {
  readonly project?: string;
  readonly topic?: string;
}

export interface SetAuthArgs {
  readonly project?: string;
  /** api.yaml `securityScheme`; an empty list turns runtime auth off. */
  readonly security?: readonly SecurityOption[];
  /** With `authType`: the topic whose channel `x-auth-type` is set. */
  readonly topic?: string;
  readonly authType?: TopicAuthType;
}

export interface ImportAsyncApiArgs {
  /** The AsyncAPI document (2.0-2.6 or 3.0); it is not modified. */
  readonly source?: string;
  /** The folder in which the project folder `<title>-<version>` is created. */
  readonly folder?: string;
  readonly context?: string;
  readonly endpoint?: string;
}

export interface ExportAsyncApiArgs {
  readonly project?: string;
  readonly format?: ExportFormat;
  /** The file to write. */
  readonly target?: string;
}

export interface ExportApiProjectArgs {
  readonly project?: string;
  /** The .zip file to write. */
  readonly target?: string;
}

/** What every design command answers: the files it created or changed. */
export interface DesignResult {
  readonly changed: readonly string[];
  /** createApi and importAsyncApi: the new project's AsyncAPI definition, for the client to open. */
  readonly definition?: string;
}
