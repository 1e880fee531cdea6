import type { Verb } from '../asyncapi';
import type { Problem } from '../problem';

/** One topic of a WebSocket API: `/notifications`, `/rooms/{roomID}` or the default `/*`. */
export interface ApiTopic {
  /** The topic as written in api.yaml `operations[].target` or as an AsyncAPI channel name. */
  readonly name: string;
  readonly verbs: readonly Verb[];
  /** Appended to the endpoint to make the backend URL; may hold `{uri.var.x}`. Undefined: the bare endpoint. */
  readonly uriMapping?: string;
  /** `x-auth-type` of the AsyncAPI channel (or `authType` of the operation): `Any`, `None`, … */
  readonly authType?: string;
  /**
   * OAuth2 scopes of the topic (`x-scopes` of its AsyncAPI operations, else `scopes` of its api.yaml operations):
   * a token needs one of them. Absent or empty: any valid token will do.
   */
  readonly scopes?: readonly string[];
  /** Example payloads of the messages the backend sends on this topic (SUBSCRIBE), from the AsyncAPI. */
  readonly examples: readonly unknown[];
}

/** The WebSocket endpoints of an API, from api.yaml `endpointConfig`. */
export interface Endpoints {
  readonly production?: string;
  readonly sandbox?: string;
}

/** A WSO2 WebSocket API as the gateway serves it, read from an apictl API project. */
export interface WsApi {
  readonly name: string;
  /** Always starts with `/` and has no trailing `/`; may hold `{version}`. */
  readonly context: string;
  readonly version: string;
  readonly isDefaultVersion: boolean;
  readonly endpoints: Endpoints;
  readonly securityScheme: readonly string[];
  readonly topics: readonly ApiTopic[];
}

/** Which file of an API project a problem is in. */
export type ProjectFile = 'api' | 'asyncapi';

/** A problem in an API project, located in one of its files. */
export interface ProjectProblem extends Problem {
  readonly file: ProjectFile;
}
