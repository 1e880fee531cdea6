import { formatOf } from '../../document/documentFormat';
import { parseDocument } from '../../document/parseDocument';
import { readApiYaml, type ApiYaml } from '../../wso2/apiYaml';
import {
  backendUrlTemplate,
  basePaths,
  GATEWAY_WS_PORT,
  GATEWAY_WSS_PORT,
  topicUrl,
} from '../../wso2/gatewayUrls';
import { ProblemSink } from '../../wso2/projectProblems';
import { normalizeTopic } from '../../wso2/topicTemplate';
import type { AssistDocument, AssistEnvironment } from '../completion/types';
import { pointerOf } from '../completion/references';
import type { NodeAtOffset } from '../cursor/types';

/** The topic a node names: a 2.x channel key, a 3.x channel (key or `address`), an api.yaml operation target. */
function topicOf(
  document: AssistDocument,
  node: NodeAtOffset,
): { topic: string; channel?: string } | undefined {
  const path = node.path;
  if (document.kind === 'api-yaml') {
    const isTarget =
      node.kind === 'value' && path.length === 4 && path[1] === 'operations' && path[3] === 'target';
    return isTarget ? { topic: node.text } : undefined;
  }
  if (path[0] !== 'channels') {
    return undefined;
  }
  const v3 = document.version?.startsWith('3') === true;
  const channel = String(path[1]);
  if (node.kind === 'key' && path.length === 2) {
    return { topic: v3 ? (document.index.scalarAt([...path, 'address']) ?? channel) : channel, channel };
  }
  if (v3 && node.kind === 'value' && path.length === 3 && path[2] === 'address') {
    return { topic: node.text, channel };
  }
  return undefined;
}

/**
 * The URLs of a topic: through the gateway (WSO2's ports, the project's context and version) to the backend
 * URL it maps to, `ws://localhost:9099/chats/1.0.0/rooms/{roomID} -> ws://host/rooms?room={roomID}`; for an
 * AsyncAPI document outside a WSO2 project, the ws/wss servers' URLs.
 */
export function topicHover(
  document: AssistDocument,
  node: NodeAtOffset,
  environment: AssistEnvironment,
): string | undefined {
  const found = topicOf(document, node);
  if (found === undefined) {
    return undefined;
  }
  const heading = `**Topic** \`${found.topic}\``;
  const api = projectApi(document, environment);
  if (api !== undefined) {
    const backend = backendUrlTemplate(
      api.endpoints.production ?? api.endpoints.sandbox ?? '(no endpoint)',
      uriMappingOf(document, api, found.topic, found.channel),
    );
    const bases = basePaths(api);
    // The editor's gateway when it runs (ws only, unless it says otherwise), else WSO2's default ports.
    const running = environment.gateway?.();
    const ws = running?.url ?? `ws://localhost:${GATEWAY_WS_PORT}`;
    const wss = running === undefined ? `wss://localhost:${GATEWAY_WSS_PORT}` : running.tlsUrl;
    const lines = [
      ...bases.map((base) => `${topicUrl(ws, base, found.topic)} -> ${backend}`),
      ...(wss === undefined ? [] : [`${topicUrl(wss, bases[0] ?? '/', found.topic)} -> ${backend}`]),
    ];
    const through =
      running === undefined ? "Through a WSO2 gateway on WSO2's ports" : "Through the editor's gateway";
    return `${heading}\n\n${through} (API ${api.name} ${api.version}) to its backend:\n\n\`\`\`text\n${lines.join('\n')}\n\`\`\``;
  }
  const servers = serverUrls(document, found.topic);
  if (servers.length === 0) {
    return undefined;
  }
  return `${heading}\n\nClients connect to:\n\n\`\`\`text\n${servers.join('\n')}\n\`\`\``;
}

/** The WSO2 API the document belongs to: itself (api.yaml) or its project's api.yaml. */
function projectApi(document: AssistDocument, environment: AssistEnvironment): ApiYaml | undefined {
  const source =
    document.kind === 'api-yaml'
      ? { uri: document.uri, text: document.index.text }
      : environment.projectSibling?.();
  const format = source === undefined ? undefined : formatOf(source.uri);
  if (source === undefined || format === undefined) {
    return undefined;
  }
  const parsed = parseDocument(source.text, format);
  const reading = readApiYaml(parsed, new ProblemSink(parsed, 'api'));
  return reading.kind === 'ws' ? reading.api : undefined;
}

/** The topic's URL mapping as the gateway uses it: api.yaml's operations first, else the AsyncAPI's `x-uri-mapping`. */
function uriMappingOf(
  document: AssistDocument,
  api: ApiYaml,
  topic: string,
  channel?: string,
): string | undefined {
  const own = api.operations
    .filter((operation) => normalizeTopic(operation.target) === normalizeTopic(topic))
    .map((operation) => operation.uriMapping)
    .filter((mapping) => mapping !== undefined && mapping !== '');
  if (own.length > 0) {
    return own[own.length - 1];
  }
  if (channel === undefined || document.kind !== 'asyncapi') {
    return undefined;
  }
  const index = document.index;
  if (document.version?.startsWith('3') === true) {
    // The JSON pointer, or the key as it is, as WSO2 writes it (`#/channels/rooms/{roomID}`).
    const refs = [pointerOf(['channels', channel]), `#/channels/${channel}`];
    const operation = (index.keysAt(['operations']) ?? []).find((key) =>
      refs.includes(index.scalarAt(['operations', key, 'channel', '$ref']) ?? ''),
    );
    return operation === undefined ? undefined : index.scalarAt(['operations', operation, 'x-uri-mapping']);
  }
  return (
    index.scalarAt(['channels', channel, 'subscribe', 'x-uri-mapping']) ??
    index.scalarAt(['channels', channel, 'publish', 'x-uri-mapping'])
  );
}

/** `url` + topic (2.x) or `protocol://host/pathname` + topic (3.x) of each ws/wss server. */
function serverUrls(document: AssistDocument, topic: string): string[] {
  const index = document.index;
  const path = topic.startsWith('/') ? topic : `/${topic}`;
  return (index.keysAt(['servers']) ?? []).flatMap((server) => {
    const protocol = index.scalarAt(['servers', server, 'protocol'])?.toLowerCase();
    const url = index.scalarAt(['servers', server, 'url']);
    const host = index.scalarAt(['servers', server, 'host']);
    const base =
      url !== undefined
        ? url
        : host !== undefined
          ? `${protocol ?? 'ws'}://${host}${index.scalarAt(['servers', server, 'pathname']) ?? ''}`
          : undefined;
    const isWs = protocol === 'ws' || protocol === 'wss' || /^wss?:\/\//i.test(base ?? '');
    return base !== undefined && isWs ? [`${base.replace(/\/+$/, '')}${path} (${server})`] : [];
  });
}
