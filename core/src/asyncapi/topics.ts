import { isRecord } from '../document/documentKind';
import type { JsonPath } from '../document/locator';
import { verbOfAction, type Verb } from './verbs';

/** One operation of a topic, as WSO2 reads it from AsyncAPI 2 (`subscribe`/`publish`) or 3 (`receive`/`send`). */
export interface TopicOperation {
  readonly verb: Verb;
  /** Path of the operation object in the document. */
  readonly path: JsonPath;
  readonly value: Record<string, unknown>;
}

/** A topic as it sits in an AsyncAPI document (one channel), with the path of each part; ApiTopic is what is served. */
export interface DocumentTopic {
  /** The topic as clients see it: the 2.x channel key, or the 3.x channel `address` (else its key). */
  readonly name: string;
  /** Path of the channel object. */
  readonly path: JsonPath;
  /** Path of what names the topic: the 2.x channel key, or the 3.x `address` value. */
  readonly namePath: JsonPath;
  /** False for a 3.x channel without a string `address`: its key is an id, not a path. */
  readonly hasAddress: boolean;
  readonly channel: Record<string, unknown>;
  /** Declared parameter names, in document order. */
  readonly parameters: readonly string[];
  readonly operations: readonly TopicOperation[];
}

/** The major version of an AsyncAPI document (2 or 3), or undefined for anything else. */
export function majorVersion(root: Record<string, unknown>): 2 | 3 | undefined {
  const version = root['asyncapi'];
  const text = typeof version === 'string' ? version : typeof version === 'number' ? String(version) : '';
  if (text.startsWith('2.')) {
    return 2;
  }
  return text.startsWith('3.') ? 3 : undefined;
}

/** Reads the topics of an AsyncAPI 2.x or 3.x document; anything malformed is skipped, not thrown. */
export function readTopics(root: Record<string, unknown>): DocumentTopic[] {
  const channels = root['channels'];
  if (!isRecord(channels)) {
    return [];
  }
  const major = majorVersion(root);
  const operations3 = major === 3 ? operationsByChannel(root) : new Map<string, TopicOperation[]>();
  return Object.entries(channels).flatMap(([key, channel]): DocumentTopic[] => {
    if (!isRecord(channel)) {
      return [];
    }
    const path = ['channels', key];
    const address = major === 3 && typeof channel['address'] === 'string' ? channel['address'] : undefined;
    return [
      {
        name: address ?? key,
        path,
        namePath: address === undefined ? path : [...path, 'address'],
        hasAddress: major !== 3 || address !== undefined,
        channel,
        parameters: isRecord(channel['parameters']) ? Object.keys(channel['parameters']) : [],
        operations: major === 3 ? (operations3.get(key) ?? []) : operations2(channel, path),
      },
    ];
  });
}

function operations2(channel: Record<string, unknown>, path: JsonPath): TopicOperation[] {
  const found: TopicOperation[] = [];
  for (const [key, verb] of [
    ['subscribe', 'SUBSCRIBE'],
    ['publish', 'PUBLISH'],
  ] as const) {
    const value = channel[key];
    if (isRecord(value)) {
      found.push({ verb, path: [...path, key], value });
    }
  }
  return found;
}

/** AsyncAPI 3 operations grouped by the key of the channel they reference with `#/channels/<key>`. */
function operationsByChannel(root: Record<string, unknown>): Map<string, TopicOperation[]> {
  const byChannel = new Map<string, TopicOperation[]>();
  const operations = root['operations'];
  if (!isRecord(operations)) {
    return byChannel;
  }
  for (const [key, operation] of Object.entries(operations)) {
    const channelKey = isRecord(operation) ? channelKeyOf(operation['channel'], root['channels']) : undefined;
    if (!isRecord(operation) || channelKey === undefined) {
      continue;
    }
    const verb = verbOfAction(operation['action']);
    if (verb !== undefined) {
      const list = byChannel.get(channelKey) ?? [];
      list.push({ verb, path: ['operations', key], value: operation });
      byChannel.set(channelKey, list);
    }
  }
  return byChannel;
}

/**
 * The channel key of a `{ $ref: '#/channels/<key>' }`: the JSON pointer with its escapes undone, or, when
 * `channels` holds it, the rest of the reference as it is, as WSO2 reads `#/channels/rooms/{roomID}` for the
 * channel `rooms/{roomID}` (docs/wso2.md 8.4).
 */
export function channelKeyOf(reference: unknown, channels?: unknown): string | undefined {
  const ref = isRecord(reference) ? reference['$ref'] : undefined;
  if (typeof ref !== 'string' || !ref.startsWith('#/channels/')) {
    return undefined;
  }
  const rest = ref.slice('#/channels/'.length);
  if (isRecord(channels) && Object.hasOwn(channels, rest)) {
    return rest;
  }
  if (rest.includes('/')) {
    return undefined;
  }
  try {
    return decodeURIComponent(rest).replace(/~1/g, '/').replace(/~0/g, '~');
  } catch {
    return rest; // a stray '%': the key as written
  }
}

/** The `{name}` parameters of a topic, in order. */
export function topicParameters(topic: string): string[] {
  return [...topic.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1] ?? '');
}
