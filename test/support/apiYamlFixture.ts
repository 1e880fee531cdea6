/** One entry of api.yaml's `operations`, as WSO2 exports it. */
export interface OperationFixture {
  readonly target: string;
  readonly verb: string;
  readonly uriMapping?: string;
}

/** What differs between the api.yaml files the tests write; everything left out is the Chats API's. */
export interface ApiYamlFixture {
  readonly name?: string;
  readonly context?: string;
  readonly version?: string;
  /** The export's `version: v4.1.0` line; null for an export without one. */
  readonly wso2Version?: string | null;
  /** Lines under `data:` after `type: WS` (indented by two spaces), e.g. `securityScheme: [oauth2]`. */
  readonly more?: readonly string[];
  /** The production endpoint; null for an api.yaml without endpointConfig. */
  readonly endpoint?: string | null;
  readonly sandbox?: string;
  readonly operations?: readonly OperationFixture[];
}

/** The topic most tests serve: a room a client subscribes to, mapped to a query parameter of the backend. */
export const ROOM_SUBSCRIBE: OperationFixture = {
  target: '/rooms/{roomID}',
  verb: 'SUBSCRIBE',
  uriMapping: '/rooms?room={uri.var.roomID}',
};

/** The api.yaml of a WSO2 WebSocket API project as WSO2 4.1 exports it (the Chats API unless told otherwise). */
export function apiYamlText({
  name = 'Chats',
  context = '/chats',
  version = '1.0.0',
  wso2Version = 'v4.1.0',
  more = [],
  endpoint = 'ws://localhost:8080',
  sandbox,
  operations = [ROOM_SUBSCRIBE],
}: ApiYamlFixture = {}): string {
  const lines = [
    'type: api',
    ...(wso2Version === null ? [] : [`version: ${wso2Version}`]),
    'data:',
    `  name: ${name}`,
    `  context: ${context}`,
    `  version: ${version}`,
    '  type: WS',
    ...more.map((line) => `  ${line}`),
    ...(endpoint === null
      ? []
      : [
          '  endpointConfig:',
          '    endpoint_type: ws',
          '    production_endpoints:',
          `      url: ${endpoint}`,
          ...(sandbox === undefined ? [] : ['    sandbox_endpoints:', `      url: ${sandbox}`]),
        ]),
    ...(operations.length === 0
      ? ['  operations: []']
      : [
          '  operations:',
          ...operations.flatMap(({ target, verb, uriMapping }) => [
            `    - target: ${target}`,
            `      verb: ${verb}`,
            ...(uriMapping === undefined ? [] : [`      uriMapping: ${uriMapping}`]),
          ]),
        ]),
  ];
  return `${lines.join('\n')}\n`;
}
