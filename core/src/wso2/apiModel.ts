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
  /** Example payloads of the messages the backend sends on this topic (SUBSCRIBE), from the AsyncAPI (see `mock`). */
  readonly examples: readonly unknown[];
  /** The topic's AsyncAPI messages with a JSON Schema payload (for validation); absent without an AsyncAPI. */
  readonly messages?: readonly TopicMessage[];
  /** What the `--mock` backend sends and answers on this topic; absent without an AsyncAPI channel. */
  readonly mock?: TopicMock;
}

/** The AsyncAPI messages the mock backend uses on one topic. */
export interface TopicMock {
  /** SUBSCRIBE messages the backend sends in turn (requests of `replies` left out: clients send those). */
  readonly sends: readonly MockMessage[];
  /** AsyncAPI 3 operations with a `reply`: a client frame that matches a request is answered with a reply. */
  readonly replies: readonly TopicReply[];
}

/** One AsyncAPI message as the mock backend sends (or recognises) it. */
export interface MockMessage {
  /** The message's `name`, `messageId` or key in a `messages` map; inline messages may have none. */
  readonly name?: string;
  /** Example payloads: `examples[].payload`, else the payload schema's `examples` or `example`. */
  readonly examples: readonly unknown[];
  /** Where its JSON Schema payload sits in `WsApi.definitionRoot`; absent for other schema formats (Avro, ...). */
  readonly payloadPointer?: string;
  /** `correlationId.location` when it points into the payload, as a JSON pointer inside it: `/reqid`. */
  readonly correlationPointer?: string;
}

/** An AsyncAPI 3 operation with a `reply`, read as a request the client makes and the backend answers. */
export interface TopicReply {
  /** The operation's key in `operations`. */
  readonly operation: string;
  /** The operation's messages: what the client sends. */
  readonly requests: readonly MockMessage[];
  /** `reply.messages`, else the messages of `reply.channel`: what the backend answers. */
  readonly replies: readonly MockMessage[];
}

/** One AsyncAPI message of a topic whose payload is a JSON Schema. */
export interface TopicMessage {
  /** PUBLISH: clients send it; SUBSCRIBE: the backend sends it. */
  readonly verb: Verb;
  /** The message's `name`, `messageId` or key in a `messages` map; inline messages may have none. */
  readonly name?: string;
  /** Where the payload schema sits in `WsApi.definitionRoot`, as a URI fragment: `#/components/messages/Chat/payload`. */
  readonly payloadPointer: string;
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
  /** The WSO2 version the project targets: api.yaml's top-level `version` (`v4.1.0`); absent without one. */
  readonly wso2Version?: string;
  /** The root of the project's definition (Definitions/asyncapi.yaml) as read, which `TopicMessage.payloadPointer`s point into. */
  readonly definitionRoot?: Readonly<Record<string, unknown>>;
}

/** Which file of an API project a problem is in. */
export type ProjectFile = 'api' | 'asyncapi' | 'deployment_environments' | 'api_meta';

/** A problem in an API project, located in one of its files. */
export interface ProjectProblem extends Problem {
  readonly file: ProjectFile;
}
