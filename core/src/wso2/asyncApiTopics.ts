import { readTopics, type Topic, type Verb } from '../asyncapi';
import type { JsonPath } from '../document/locator';
import { isRecord } from '../document/documentKind';
import type { ApiTopic, TopicMessage } from './apiModel';
import { stringAt } from './projectProblems';

/** A topic as the AsyncAPI document describes it (one channel): the same facts the gateway serves a topic by. */
export type AsyncApiTopic = ApiTopic;

/**
 * Reads the channels of an AsyncAPI 2.x or 3.x document as WSO2 topics: verbs, `x-uri-mapping` of the
 * operations, `x-auth-type` of the channel, `x-scopes` of the operations and the example payloads of the SUBSCRIBE messages.
 */
export function readAsyncApiTopics(root: unknown): AsyncApiTopic[] {
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
    return {
      name: topic.name,
      verbs: [...new Set(topic.operations.map((operation) => operation.verb))],
      ...(uriMapping !== undefined && { uriMapping }),
      ...(authType !== undefined && { authType }),
      ...(scopes.length > 0 && { scopes }),
      examples: subscribeExamples(root, topic),
      messages: topicMessages(root, topic),
    };
  });
}

/** `x-scopes` as WSO2 reads it: an array of names, or an object whose values are names (`{"0": creator}`). */
export function scopeNames(value: unknown): string[] {
  const names: unknown[] = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
  return names.filter((name): name is string => typeof name === 'string' && name.trim() !== '');
}

function subscribeExamples(root: Record<string, unknown>, topic: Topic): unknown[] {
  return operationMessages(root, topic, 'SUBSCRIBE').flatMap((message) =>
    messageExamples(root, message.value),
  );
}

/**
 * The payload schemas of a topic's messages, each with the JSON pointer where it sits in the document (for a
 * validator that resolves the schema's own `$ref`s against the document): PUBLISH messages are what clients send,
 * SUBSCRIBE messages what they receive. Payloads in a schema format other than JSON Schema are left out.
 */
function topicMessages(root: Record<string, unknown>, topic: Topic): TopicMessage[] {
  return (['PUBLISH', 'SUBSCRIBE'] as const).flatMap((verb) =>
    operationMessages(root, topic, verb).flatMap((message): TopicMessage[] => {
      if (!isRecord(message.value)) {
        return [];
      }
      const payload = jsonSchemaPayload(root, message.value, message.pointer);
      const name = stringAt(message.value.name) ?? stringAt(message.value.messageId) ?? messageKey(message);
      return payload === undefined
        ? []
        : [{ verb, ...(name !== undefined && { name }), payloadPointer: payload }];
    }),
  );
}

interface Located {
  readonly value: unknown;
  /** JSON pointer of the value in the document, as a URI fragment: `#/components/messages/Chat`. */
  readonly pointer: string;
  /** The last segment of the pointer (the message's key). */
  readonly key: string;
}

/** The messages of a topic's operations of one verb (each `oneOf` alternative on its own), `$ref`s followed. */
function operationMessages(root: Record<string, unknown>, topic: Topic, verb: Verb): Located[] {
  const operation = topic.operations.find((candidate) => candidate.verb === verb);
  if (operation === undefined) {
    return [];
  }
  const at = pointerOf(operation.path);
  if ('message' in operation.value) {
    return alternatives(root, resolveAt(root, operation.value.message, `${at}/message`));
  }
  // AsyncAPI 3: the operation lists its messages, else every message of the channel.
  const listed = Array.isArray(operation.value.messages) ? (operation.value.messages as unknown[]) : [];
  const channelAt = pointerOf(topic.path);
  const channelMessages = resolveAt(root, topic.channel.messages, `${channelAt}/messages`);
  const messages =
    listed.length > 0
      ? listed.map((message, index) => resolveAt(root, message, `${at}/messages/${index}`))
      : isRecord(channelMessages.value)
        ? Object.entries(channelMessages.value).map(([key, message]) =>
            resolveAt(root, message, `${channelMessages.pointer}/${escapePointer(key)}`),
          )
        : [];
  return messages.flatMap((message) => alternatives(root, message));
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

function pointerOf(path: JsonPath): string {
  return `#${path.map((segment) => `/${escapePointer(String(segment))}`).join('')}`;
}

/** A key as a JSON pointer segment in a URI fragment (`~0`, `~1`, then percent-encoding). */
function escapePointer(key: string): string {
  return encodeURIComponent(key.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function lastKey(pointer: string): string {
  const segment = pointer.slice(pointer.lastIndexOf('/') + 1);
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}
