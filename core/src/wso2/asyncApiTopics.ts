import { readTopics, type DocumentTopic, type TopicOperation, type Verb } from '../asyncapi';
import { decodeSegment, encodeSegment } from '../document/jsonPointer';
import type { JsonPath } from '../document/locator';
import { isRecord } from '../document/documentKind';
import type { ApiTopic, MockMessage, TopicMessage, TopicMock } from './apiModel';
import { stringAt } from './projectProblems';

/**
 * Reads the channels of an AsyncAPI 2.x or 3.x document as WSO2 topics: verbs, `x-uri-mapping` of the
 * operations, `x-auth-type` of the channel, `x-scopes` of the operations, the example payloads of the SUBSCRIBE
 * messages, the JSON Schema payloads of all messages and what a mock backend sends and answers.
 */
export function readAsyncApiTopics(root: unknown): ApiTopic[] {
  if (!isRecord(root)) {
    return [];
  }
  return readTopics(root).map((topic) => {
    const uriMapping = topic.operations
      .map((operation) => stringAt(operation.value['x-uri-mapping']))
      .find(Boolean);
    const authType = stringAt(topic.channel['x-auth-type']);
    const scopes = [
      ...new Set(topic.operations.flatMap((operation) => scopeNames(operation.value['x-scopes']))),
    ];
    const subscribe = verbMessages(root, topic, 'SUBSCRIBE');
    const replies = operationReplies(root, topic);
    return {
      name: topic.name,
      verbs: [...new Set(topic.operations.map((operation) => operation.verb))],
      ...(uriMapping !== undefined && { uriMapping }),
      ...(authType !== undefined && { authType }),
      ...(scopes.length > 0 && { scopes }),
      examples: subscribe.flatMap((message) => messageExamples(root, message.value)),
      messages: topicMessages(root, topic, replies),
      mock: topicMock(root, subscribe, replies),
    };
  });
}

/** `x-scopes` as WSO2 reads it: an array of names, or an object whose values are names (`{"0": creator}`). */
export function scopeNames(value: unknown): string[] {
  const names: unknown[] = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
  return names.filter((name): name is string => typeof name === 'string' && name.trim() !== '');
}

/**
 * The payload schemas of a topic's messages, each with the JSON pointer where it sits in the document (for a
 * validator that resolves the schema's own `$ref`s against the document): PUBLISH messages are what clients send,
 * SUBSCRIBE messages what they receive, and so are the replies of AsyncAPI 3 request/reply operations. Payloads in
 * a schema format other than JSON Schema are left out.
 */
function topicMessages(
  root: Record<string, unknown>,
  topic: DocumentTopic,
  replies: readonly LocatedReply[],
): TopicMessage[] {
  const replyMessages = replies.flatMap((reply) => reply.replies);
  return (['PUBLISH', 'SUBSCRIBE'] as const).flatMap((verb) =>
    unique([...verbMessages(root, topic, verb), ...(verb === 'SUBSCRIBE' ? replyMessages : [])]).flatMap(
      (message): TopicMessage[] => {
        if (!isRecord(message.value)) {
          return [];
        }
        const payload = jsonSchemaPayload(root, message.value, message.pointer);
        const name = messageName(message);
        return payload === undefined
          ? []
          : [{ verb, ...(name !== undefined && { name }), payloadPointer: payload }];
      },
    ),
  );
}

/** An AsyncAPI 3 operation with a `reply`, its messages found. */
interface LocatedReply {
  readonly operation: string;
  readonly requests: readonly Located[];
  readonly replies: readonly Located[];
}

/**
 * The AsyncAPI 3 operations of a topic that have a `reply` with at least one message: `reply.messages`, else the
 * messages of `reply.channel`. `reply.address` is not read: a WebSocket reply goes back on the same connection.
 */
function operationReplies(root: Record<string, unknown>, topic: DocumentTopic): LocatedReply[] {
  return topic.operations.flatMap((operation): LocatedReply[] => {
    if (!('reply' in operation.value)) {
      return [];
    }
    const reply = resolveAt(root, operation.value.reply, `${pointerOf(operation.path)}/reply`);
    if (!isRecord(reply.value)) {
      return [];
    }
    const channel = resolveAt(root, reply.value.channel, `${reply.pointer}/channel`);
    const replies = unique(
      listedOrChannelMessages(root, reply.value.messages, `${reply.pointer}/messages`, channel),
    );
    return replies.length === 0
      ? []
      : [
          {
            operation: String(operation.path[operation.path.length - 1]),
            requests: operationMessages(root, topic, operation),
            replies,
          },
        ];
  });
}

/** What the mock sends (SUBSCRIBE messages that are not requests a client makes) and answers. */
function topicMock(
  root: Record<string, unknown>,
  subscribe: readonly Located[],
  replies: readonly LocatedReply[],
): TopicMock {
  const requests = new Set(replies.flatMap((reply) => reply.requests.map((message) => message.pointer)));
  const mockMessage = (message: Located): MockMessage => {
    const value = isRecord(message.value) ? message.value : {};
    const name = messageName(message);
    const payloadPointer = jsonSchemaPayload(root, value, message.pointer);
    const correlationPointer = payloadCorrelation(root, value.correlationId);
    return {
      ...(name !== undefined && { name }),
      examples: messageExamples(root, value),
      ...(payloadPointer !== undefined && { payloadPointer }),
      ...(correlationPointer !== undefined && { correlationPointer }),
    };
  };
  return {
    sends: subscribe.filter((message) => !requests.has(message.pointer)).map(mockMessage),
    replies: replies.map((reply) => ({
      operation: reply.operation,
      requests: reply.requests.map(mockMessage),
      replies: reply.replies.map(mockMessage),
    })),
  };
}

/** `correlationId.location` as a pointer into the payload (`$message.payload#/reqid` gives `/reqid`). */
function payloadCorrelation(root: Record<string, unknown>, correlationId: unknown): string | undefined {
  const found = resolve(root, correlationId);
  const location = isRecord(found) ? stringAt(found.location) : undefined;
  const match = location === undefined ? null : /^\$message\.payload#(\/.*)$/.exec(location.trim());
  return match?.[1];
}

interface Located {
  readonly value: unknown;
  /** JSON pointer of the value in the document, as a URI fragment: `#/components/messages/Chat`. */
  readonly pointer: string;
  /** The last segment of the pointer (the message's key). */
  readonly key: string;
}

/** The messages of a topic's operations of one verb (each `oneOf` alternative on its own), `$ref`s followed. */
function verbMessages(root: Record<string, unknown>, topic: DocumentTopic, verb: Verb): Located[] {
  return unique(
    topic.operations
      .filter((operation) => operation.verb === verb)
      .flatMap((operation) => operationMessages(root, topic, operation)),
  );
}

/** The messages of one operation: 2.x `message`, 3.x `messages` or else every message of the channel. */
function operationMessages(
  root: Record<string, unknown>,
  topic: DocumentTopic,
  operation: TopicOperation,
): Located[] {
  const at = pointerOf(operation.path);
  if ('message' in operation.value) {
    return alternatives(root, resolveAt(root, operation.value.message, `${at}/message`));
  }
  const channel = { value: topic.channel, pointer: pointerOf(topic.path), key: '' };
  return listedOrChannelMessages(root, operation.value.messages, `${at}/messages`, channel);
}

/** AsyncAPI 3: the messages listed (a `messages` array), else every message of the channel. */
function listedOrChannelMessages(
  root: Record<string, unknown>,
  listed: unknown,
  at: string,
  channel: Located,
): Located[] {
  const list = Array.isArray(listed) ? (listed as unknown[]) : [];
  const channelMessages = isRecord(channel.value)
    ? resolveAt(root, channel.value.messages, `${channel.pointer}/messages`)
    : undefined;
  const messages =
    list.length > 0
      ? list.map((message, index) => resolveAt(root, message, `${at}/${index}`))
      : channelMessages !== undefined && isRecord(channelMessages.value)
        ? Object.entries(channelMessages.value).map(([key, message]) =>
            resolveAt(root, message, `${channelMessages.pointer}/${encodeURIComponent(encodeSegment(key))}`),
          )
        : [];
  return messages.flatMap((message) => alternatives(root, message));
}

/** Each message once (several operations may list the same one), by where it sits. */
function unique(messages: readonly Located[]): Located[] {
  const byPointer = new Map<string, Located>();
  messages.forEach((message) => byPointer.set(message.pointer, byPointer.get(message.pointer) ?? message));
  return [...byPointer.values()];
}

function messageName(message: Located): string | undefined {
  const value = isRecord(message.value) ? message.value : {};
  return stringAt(value.name) ?? stringAt(value.messageId) ?? messageKey(message);
}

/** A message, or each alternative of its `oneOf`. */
function alternatives(root: Record<string, unknown>, message: Located, depth = 0): Located[] {
  if (!isRecord(message.value) || depth > 5) {
    return [];
  }
  const oneOf = message.value.oneOf;
  if (!Array.isArray(oneOf)) {
    return [message];
  }
  return oneOf.flatMap((item: unknown, index) =>
    alternatives(root, resolveAt(root, item, `${message.pointer}/oneOf/${index}`), depth + 1),
  );
}

/** Where a message's JSON Schema payload sits: `payload`, or 3.x `payload.schema` under a JSON schemaFormat. */
function jsonSchemaPayload(
  root: Record<string, unknown>,
  message: Record<string, unknown>,
  at: string,
): string | undefined {
  const payload = resolveAt(root, message.payload, `${at}/payload`);
  if (!isRecord(payload.value) && typeof payload.value !== 'boolean') {
    return undefined;
  }
  const format =
    stringAt(message.schemaFormat) ??
    (isRecord(payload.value) ? stringAt(payload.value.schemaFormat) : undefined);
  const isJsonSchema =
    format === undefined ||
    format.startsWith('application/vnd.aai.asyncapi') ||
    format.startsWith('application/schema+json');
  if (!isJsonSchema) {
    return undefined;
  }
  // AsyncAPI 3 multi-format payload: { schemaFormat, schema }.
  return isRecord(payload.value) && 'schemaFormat' in payload.value && 'schema' in payload.value
    ? resolveAt(root, payload.value.schema, `${payload.pointer}/schema`).pointer
    : payload.pointer;
}

/** Examples of a message: `examples[].payload`, `payload.examples`, `payload.example`. */
function messageExamples(root: Record<string, unknown>, message: unknown): unknown[] {
  if (!isRecord(message)) {
    return [];
  }
  if (Array.isArray(message.examples)) {
    const payloads = message.examples.filter(isRecord).filter((example) => 'payload' in example);
    if (payloads.length > 0) {
      return payloads.map((example) => example.payload);
    }
  }
  const payload = resolve(root, message.payload);
  if (isRecord(payload) && Array.isArray(payload.examples)) {
    return payload.examples as unknown[];
  }
  return isRecord(payload) && 'example' in payload ? [payload.example] : [];
}

/** Follows local `$ref`s (`#/components/messages/Chat`); anything else is returned as it is. */
function resolve(root: Record<string, unknown>, value: unknown): unknown {
  return resolveAt(root, value, '#').value;
}

/** Follows local `$ref`s, keeping the pointer of where the value found sits (`at` when there is no `$ref`). */
function resolveAt(root: Record<string, unknown>, value: unknown, at: string, depth = 0): Located {
  const ref = isRecord(value) ? stringAt(value.$ref) : undefined;
  if (ref === undefined || !ref.startsWith('#/') || depth > 10) {
    return { value, pointer: at, key: lastKey(at) };
  }
  let target: unknown = root;
  for (const segment of ref.slice(2).split('/')) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    target = isRecord(target)
      ? target[key]
      : Array.isArray(target)
        ? (target as unknown[])[Number(key)]
        : undefined;
  }
  return resolveAt(root, target, ref, depth + 1);
}

/** The key of a message kept in a `messages` map (components or a 3.x channel); inline ones have none. */
function messageKey(message: Located): string | undefined {
  return /\/messages\/[^/]+$/.test(message.pointer) && !/^\d+$/.test(message.key) ? message.key : undefined;
}

/** A path as a URI fragment: JSON pointer segments, percent-encoded. */
function pointerOf(path: JsonPath): string {
  return `#${path.map((segment) => `/${encodeURIComponent(encodeSegment(segment))}`).join('')}`;
}

function lastKey(pointer: string): string {
  const segment = pointer.slice(pointer.lastIndexOf('/') + 1);
  return decodeSegment(decodeURIComponent(segment));
}
