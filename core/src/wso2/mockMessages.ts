import { sample } from 'openapi-sampler';

import { isRecord } from '../document/documentKind';
import { decodePointer } from '../document/jsonPointer';
import type { ApiTopic, MockMessage, TopicReply, WsApi } from './apiModel';
import { PayloadSchemas } from './payloadSchemas';

/** One payload the mock backend sends: a message's example, or a sample made from its payload schema. */
export interface MockPayload {
  /** The message it belongs to (`MockMessage.name`), when the message has a name. */
  readonly message?: string;
  readonly payload: unknown;
  /** True when made from the payload schema because the message has no example. */
  readonly generated: boolean;
}

/** The mock's answer to a client frame: a reply message of an AsyncAPI 3 request/reply operation. */
export interface MockAnswer extends MockPayload {
  /** The operation whose request the frame matched. */
  readonly operation: string;
}

/**
 * What the mock backend of one API sends and answers, worked out once when the API is loaded (the gateway builds
 * one per API it serves with `--mock`): example payloads, samples generated from payload schemas for messages
 * without examples (openapi-sampler; `$ref`s resolved in the AsyncAPI document), and a matcher for AsyncAPI 3
 * requests (Ajv). A schema that cannot be sampled or compiled is left out and reported in `problems`.
 * Import this file directly: it is not re-exported from `core/src/wso2`, so that the language server's bundle
 * stays without openapi-sampler.
 */
export class MockPlan {
  readonly problems: string[] = [];
  private readonly sends = new Map<ApiTopic, readonly MockPayload[]>();
  private readonly payloads = new Map<MockMessage, readonly MockPayload[]>();
  private readonly schemas: PayloadSchemas;

  constructor(private readonly api: WsApi) {
    this.schemas = new PayloadSchemas(api.definitionRoot);
    for (const topic of api.topics) {
      // Without an AsyncAPI channel (a topic of api.yaml only, or built by hand) the examples are all there is.
      const sends = topic.mock?.sends.flatMap((message) => this.payloadsOf(message)) ?? exampleList(topic);
      this.sends.set(topic, sends);
      topic.mock?.replies.forEach((reply) => reply.replies.forEach((message) => this.payloadsOf(message)));
    }
  }

  /** The payloads the backend sends in turn on a topic clients subscribe to (none when it has no SUBSCRIBE). */
  sendsOf(topic: ApiTopic): readonly MockPayload[] {
    return topic.verbs.includes('SUBSCRIBE') ? (this.sends.get(topic) ?? []) : [];
  }

  /**
   * The answer to a text frame a client sent on a topic, or undefined when nothing answers it (the mock then
   * echoes). The frame is read as JSON (else as a string) and matched against the requests of the topic's
   * request/reply operations in document order: first against the requests with a JSON Schema payload, then a
   * request without one (or an operation without messages) takes any frame. The answer is the reply message at the
   * request's position when the operation has as many replies as requests, else the first reply with the same
   * `correlationId` location as the request, else the first reply; when both have a payload correlation id, the
   * request's value is copied into the reply.
   */
  answer(topic: ApiTopic, text: string): MockAnswer | undefined {
    const replies = topic.mock?.replies ?? [];
    if (replies.length === 0) {
      return undefined;
    }
    const request = frameValue(text);
    const matched = this.matchBySchema(replies, request) ?? matchAny(replies);
    return matched === undefined ? undefined : this.replyTo(matched.reply, matched.index, request);
  }

  /** The first request, in document order, whose JSON Schema payload accepts the frame. */
  private matchBySchema(replies: readonly TopicReply[], request: unknown): RequestMatch | undefined {
    for (const reply of replies) {
      const index = reply.requests.findIndex(
        (message) => message.payloadPointer !== undefined && this.accepts(message.payloadPointer, request),
      );
      if (index !== -1) {
        return { reply, index };
      }
    }
    return undefined;
  }

  private replyTo(reply: TopicReply, index: number, request: unknown): MockAnswer | undefined {
    const requestMessage = reply.requests[index];
    const chosen =
      (reply.replies.length === reply.requests.length ? reply.replies[index] : undefined) ??
      reply.replies.find(
        (message) =>
          message.correlationPointer !== undefined &&
          message.correlationPointer === requestMessage?.correlationPointer,
      ) ??
      reply.replies[0];
    const message = [chosen, ...reply.replies].find(
      (candidate) => candidate !== undefined && this.payloadsOf(candidate).length > 0,
    );
    const first = message === undefined ? undefined : this.payloadsOf(message)[0];
    if (message === undefined || first === undefined) {
      return undefined;
    }
    const correlation =
      requestMessage?.correlationPointer === undefined
        ? undefined
        : valueAt(request, requestMessage.correlationPointer);
    const payload =
      correlation === undefined || message.correlationPointer === undefined
        ? first.payload
        : withValueAt(first.payload, decodePointer(message.correlationPointer) ?? [], correlation);
    return { ...first, payload, operation: reply.operation };
  }

  /** A message's examples, else one sample of its JSON Schema payload, else nothing (Avro and the like). */
  private payloadsOf(message: MockMessage): readonly MockPayload[] {
    const known = this.payloads.get(message);
    if (known !== undefined) {
      return known;
    }
    const name = message.name === undefined ? {} : { message: message.name };
    let payloads: MockPayload[] = message.examples.map((payload) => ({ ...name, payload, generated: false }));
    if (payloads.length === 0 && message.payloadPointer !== undefined) {
      const generated = this.generate(message.payloadPointer);
      payloads = generated === undefined ? [] : [{ ...name, payload: generated.value, generated: true }];
    }
    this.payloads.set(message, payloads);
    return payloads;
  }

  private generate(pointer: string): { value: unknown } | undefined {
    const definition = this.api.definitionRoot;
    try {
      if (definition === undefined) {
        throw new Error('the API has no AsyncAPI document');
      }
      return { value: sample({ $ref: pointer }, { quiet: true, enablePatterns: true }, definition) };
    } catch (error) {
      this.problems.push(
        `${this.api.name} ${this.api.version}: no sample can be made from the payload schema at ${pointer}, ` +
          `the mock does not send it: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }

  private accepts(pointer: string, value: unknown): boolean {
    const validate = this.schemas.validator(pointer, (reason) =>
      this.problems.push(
        `${this.api.name} ${this.api.version}: the request schema at ${pointer} cannot be used, ` +
          `the mock answers no frame with it: ${reason}`,
      ),
    );
    return validate?.(value) === true;
  }
}

interface RequestMatch {
  readonly reply: TopicReply;
  /** The position of the matched message in `reply.requests`. */
  readonly index: number;
}

/** The first operation without request messages, or with a request that has no JSON Schema payload. */
function matchAny(replies: readonly TopicReply[]): RequestMatch | undefined {
  for (const reply of replies) {
    const index = reply.requests.findIndex((message) => message.payloadPointer === undefined);
    if (reply.requests.length === 0 || index !== -1) {
      return { reply, index: Math.max(index, 0) };
    }
  }
  return undefined;
}

/** An example as a text frame: strings as they are, anything else as JSON. */
export function exampleText(example: unknown): string {
  return typeof example === 'string' ? example : JSON.stringify(example);
}

function exampleList(topic: ApiTopic): MockPayload[] {
  return topic.examples.map((payload) => ({ payload, generated: false }));
}

/** A text frame as JSON, else as the string it is (so `type: string` requests match plain text). */
function frameValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function valueAt(value: unknown, pointer: string): unknown {
  let target = value;
  for (const key of decodePointer(pointer) ?? []) {
    target = isRecord(target) ? target[key] : undefined;
  }
  return target;
}

/** A copy of `value` with `inserted` at the keys; objects on the way are made when missing. */
function withValueAt(value: unknown, keys: readonly string[], inserted: unknown): unknown {
  const [key, ...rest] = keys;
  if (key === undefined) {
    return inserted;
  }
  const record = isRecord(value) ? value : {};
  return { ...record, [key]: withValueAt(record[key], rest, inserted) };
}
