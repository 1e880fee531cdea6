import type { JsonPath } from '../../document/locator';
import type { AssistDocument, CompletionEntry } from './types';
import type { CursorContext } from '../cursor/types';

/**
 * A snippet's entries: keys and string values are snippet text (`${1:rooms}` tab stops, the same number for the
 * same name; `\\$` and `\\}` for the literal characters), laid out as YAML or JSON where it is inserted.
 */
type SnippetMapping = { readonly [key: string]: string | SnippetMapping };

interface Snippet {
  readonly label: string;
  readonly major: 2 | 3;
  readonly description: string;
  /** The mappings whose keys it adds to. */
  readonly at: (path: JsonPath) => boolean;
  readonly entries: SnippetMapping;
}

const at =
  (...paths: ReadonlyArray<readonly string[]>) =>
  (path: JsonPath): boolean =>
    paths.some(
      (wanted) => wanted.length === path.length && wanted.every((key, index) => key === path[index]),
    );
/** `channels.<name>.messages` (AsyncAPI 3). */
const channelMessages = (path: JsonPath): boolean =>
  path.length === 3 && path[0] === 'channels' && path[2] === 'messages';

const TOPIC = '/${1:rooms}/{${2:roomID}\\}';
const URI_MAPPING = '/${1:rooms}/{uri.var.${2:roomID}\\}';
const PAYLOAD: SnippetMapping = { type: 'object', properties: { '${2:text}': { type: 'string' } } };

function oauth2Implicit(major: 2 | 3): Snippet {
  return {
    label: 'OAuth2 implicit (WSO2)',
    major,
    description:
      "WSO2's OAuth2 scheme: the implicit flow with its scopes and their roles (`x-scopes-bindings`). WSO2 reads it under the name `oauth2`.",
    at: at(['components', 'securitySchemes']),
    entries: {
      oauth2: {
        type: 'oauth2',
        flows: {
          implicit: {
            authorizationUrl: '${1:http://localhost:9999}',
            [major === 2 ? 'scopes' : 'availableScopes']: { '${2:creator}': '${3:Create and join rooms}' },
            'x-scopes-bindings': { '${2:creator}': '${4:admin}' },
          },
        },
      },
    },
  };
}

function apiKey(major: 2 | 3): Snippet {
  return {
    label: 'API key',
    major,
    description: 'An API key in the `apikey` header or query parameter, where the WSO2 gateway looks for it.',
    at: at(['components', 'securitySchemes']),
    entries: { '${1:apiKey}': { type: 'httpApiKey', name: 'apikey', in: '${2|header,query|}' } },
  };
}

function message(major: 2 | 3): Snippet {
  return {
    label: 'message',
    major,
    description: 'A JSON message with a payload schema.',
    at:
      major === 2
        ? at(['components', 'messages'])
        : (path) => at(['components', 'messages'])(path) || channelMessages(path),
    entries: {
      '${1:ChatMessage}': { name: '${1:ChatMessage}', contentType: 'application/json', payload: PAYLOAD },
    },
  };
}

/** Each snippet in its AsyncAPI 2.x and 3.x form: a document is offered its own version's only. */
const SNIPPETS: readonly Snippet[] = [
  {
    label: 'topic',
    major: 2,
    description:
      'A topic with a parameter, both operations and their URL mapping (`x-uri-mapping`, `{uri.var.x}` filled from the topic).',
    at: at(['channels']),
    entries: {
      [TOPIC]: {
        parameters: { '${2:roomID}': { description: '${3:The room}', schema: { type: 'string' } } },
        subscribe: { 'x-uri-mapping': URI_MAPPING },
        publish: { 'x-uri-mapping': URI_MAPPING },
      },
    },
  },
  {
    label: 'topic',
    major: 3,
    description:
      "A topic's channel with a parameter; its operations and URL mapping go under `operations` (snippet 'topic operations').",
    at: at(['channels']),
    entries: {
      '${1:rooms}': { address: TOPIC, parameters: { '${2:roomID}': { description: '${3:The room}' } } },
    },
  },
  {
    label: 'topic operations',
    major: 3,
    description:
      "A topic's receive and send operations as WSO2 writes them (`receive_`/`send_` + channel), with their URL mapping (`x-uri-mapping`, `{uri.var.x}` filled from the channel's address).",
    at: at(['operations']),
    entries: Object.fromEntries(
      ['receive', 'send'].map((action) => [
        `${action}_\${1:rooms}`,
        { action, channel: { '\\$ref': '#/channels/${1:rooms}' }, 'x-uri-mapping': URI_MAPPING },
      ]),
    ),
  },
  message(2),
  message(3),
  {
    label: 'ws server',
    major: 2,
    description: 'A WebSocket server (`ws` or `wss`), the backend WSO2 forwards to.',
    at: at(['servers']),
    entries: { '${1:production}': { url: '${2|ws,wss|}://${3:localhost:8080}', protocol: '$2' } },
  },
  {
    label: 'ws server',
    major: 3,
    description: 'A WebSocket server (`ws` or `wss`), the backend WSO2 forwards to.',
    at: at(['servers']),
    entries: { '${1:production}': { host: '${2:localhost:8080}', protocol: '${3|ws,wss|}' } },
  },
  oauth2Implicit(2),
  oauth2Implicit(3),
  apiKey(2),
  apiKey(3),
];

/** The snippets that add a key where the cursor is, in the document's own AsyncAPI version. */
export function snippetEntries(document: AssistDocument, context: CursorContext): CompletionEntry[] {
  const format = document.index.format;
  const blockKey = format === 'json' || !context.flow;
  if (document.kind !== 'asyncapi' || context.kind !== 'key' || context.hasColon || !blockKey) {
    return [];
  }
  const major = document.version?.startsWith('3') === true ? 3 : 2;
  return SNIPPETS.filter((snippet) => snippet.major === major && snippet.at(context.path)).map((snippet) => {
    const insert =
      format === 'json' ? jsonMembers(snippet.entries, 0) : yamlLines(snippet.entries, 0).join('\n');
    return {
      label: snippet.label,
      kind: 'snippet',
      insert,
      snippet: true,
      replace: context.replace,
      sortText: `5${snippet.label}`,
      filterText: context.quote !== undefined ? `"${snippet.label}"` : snippet.label,
      detail: `AsyncAPI ${major}.x snippet`,
      documentation: `${snippet.description}\n\n\`\`\`${format}\n${snippetDefaults(insert)}\n\`\`\``,
    };
  });
}

function yamlLines(entries: SnippetMapping, depth: number): string[] {
  const pad = '  '.repeat(depth);
  return Object.entries(entries).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [`${pad}${key}: ${yamlScalar(value)}`]
      : [`${pad}${key}:`, ...yamlLines(value, depth + 1)],
  );
}

/** A value that YAML would not read as a plain string is single-quoted (`'#/channels/rooms'`). */
function yamlScalar(value: string): string {
  return /^[#&*!|>'"%@`{[]|: | #/.test(value) ? `'${value}'` : value;
}

function jsonMembers(entries: SnippetMapping, depth: number): string {
  const pad = '  '.repeat(depth);
  return Object.entries(entries)
    .map(
      ([key, value]) =>
        `${pad}"${key}": ${typeof value === 'string' ? `"${value}"` : jsonObject(value, depth)}`,
    )
    .join(',\n');
}

function jsonObject(entries: SnippetMapping, depth: number): string {
  return `{\n${jsonMembers(entries, depth + 1)}\n${'  '.repeat(depth)}}`;
}

/**
 * The text a snippet inserts when every tab stop keeps its default: `${1:rooms}` → `rooms`, `${2|ws,wss|}` → `ws`,
 * `$2` → the default of tab stop 2, `\$` → `$`.
 */
export function snippetDefaults(snippet: string): string {
  const defaults = new Map<string, string>();
  const placeholder = /\$\{(\d+)(?::((?:[^{}\\]|\\.)*)|\|([^|]*)\|)\}/g;
  let text = snippet;
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(placeholder, (_whole, number: string, value?: string, choices?: string) => {
      const chosen = value ?? choices?.split(',')[0] ?? '';
      if (!defaults.has(number)) {
        defaults.set(number, chosen);
      }
      return chosen;
    });
  }
  return text
    .replace(/\$(\d+)/g, (_whole, number: string) => defaults.get(number) ?? '')
    .replace(/\\([$}\\])/g, '$1');
}
