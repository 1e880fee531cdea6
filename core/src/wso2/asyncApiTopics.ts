import { readTopics, type Topic } from '../asyncapi';
import { isRecord } from '../document/documentKind';
import type { ApiTopic } from './apiModel';
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
    };
  });
}

/** `x-scopes` as WSO2 reads it: an array of names, or an object whose values are names (`{"0": creator}`). */
export function scopeNames(value: unknown): string[] {
  const names: unknown[] = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
  return names.filter((name): name is string => typeof name === 'string' && name.trim() !== '');
}

function subscribeExamples(root: Record<string, unknown>, topic: Topic): unknown[] {
  const subscribe = topic.operations.find((operation) => operation.verb === 'SUBSCRIBE');
  if (subscribe === undefined) {
    return [];
  }
  if ('message' in subscribe.value) {
    return messageExamples(root, subscribe.value.message);
  }
  // AsyncAPI 3: the operation lists its messages, else every message of the channel.
  const listed = Array.isArray(subscribe.value.messages) ? (subscribe.value.messages as unknown[]) : [];
  const channelMessages = resolve(root, topic.channel.messages);
  const messages =
    listed.length > 0 ? listed : isRecord(channelMessages) ? Object.values(channelMessages) : [];
  return messages.flatMap((message) => messageExamples(root, message));
}

/** Examples of a message (or each of its `oneOf`): `examples[].payload`, `payload.examples`, `payload.example`. */
function messageExamples(root: Record<string, unknown>, value: unknown, depth = 0): unknown[] {
  const message = resolve(root, value);
  if (!isRecord(message) || depth > 5) {
    return [];
  }
  if (Array.isArray(message.oneOf)) {
    return message.oneOf.flatMap((item: unknown) => messageExamples(root, item, depth + 1));
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
function resolve(root: Record<string, unknown>, value: unknown, depth = 0): unknown {
  const ref = isRecord(value) ? stringAt(value.$ref) : undefined;
  if (ref === undefined || !ref.startsWith('#/') || depth > 10) {
    return value;
  }
  let target: unknown = root;
  for (const segment of ref.slice(2).split('/')) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    target = isRecord(target) ? target[key] : undefined;
  }
  return resolve(root, target, depth + 1);
}
