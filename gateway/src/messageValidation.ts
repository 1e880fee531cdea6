import type { ErrorObject, ValidateFunction } from 'ajv';

import type { ApiTopic, Verb, WsApi } from '../../core/src';
import { documentPointer, PayloadSchemas } from '../../core/src/wso2/payloadSchemas';
import type { Side } from './closeCodes';

/** What a check of one frame found. */
export type FrameCheck =
  | { readonly result: 'valid'; readonly message?: string }
  | { readonly result: 'invalid'; readonly problem: string }
  /** Binary frames, and directions whose messages have no payload schema. */
  | { readonly result: 'unchecked' };

const UNCHECKED: FrameCheck = { result: 'unchecked' };

/** Checks the frames of one topic: client frames against its PUBLISH messages, backend frames against SUBSCRIBE. */
export interface TopicValidator {
  /** True when at least one direction has schemas. */
  readonly checksSomething: boolean;
  check(from: Side, data: Buffer, isBinary: boolean): FrameCheck;
}

interface CompiledMessage {
  readonly name: string;
  readonly validate: ValidateFunction;
}

/**
 * The payload validators of one API, compiled once when the API is loaded (see PayloadSchemas). Schemas that cannot
 * be compiled are left out and reported in `problems`.
 */
export class ApiValidators {
  readonly problems: string[] = [];
  private readonly byTopic = new Map<ApiTopic, TopicValidator>();

  constructor(api: WsApi) {
    if (api.definitionRoot === undefined || !api.topics.some((topic) => (topic.messages ?? []).length > 0)) {
      return;
    }
    const schemas = new PayloadSchemas(api.definitionRoot);
    for (const topic of api.topics) {
      const compile = (verb: Verb): CompiledMessage[] =>
        (topic.messages ?? [])
          .filter((message) => message.verb === verb)
          .flatMap((message) => {
            const validate = schemas.validator(message.payloadPointer, (error) =>
              this.problems.push(
                `${api.name} ${api.version}, topic ${topic.name}: the payload schema at ${message.payloadPointer} ` +
                  `cannot be used, its messages are not checked: ${error}`,
              ),
            );
            return validate === undefined ? [] : [{ name: message.name ?? message.payloadPointer, validate }];
          });
      const validator = topicValidator(compile('PUBLISH'), compile('SUBSCRIBE'));
      if (validator.checksSomething) {
        this.byTopic.set(topic, validator);
      }
    }
  }

  /** The validator of a topic, or undefined when none of its messages has a usable payload schema. */
  validatorFor(topic: ApiTopic): TopicValidator | undefined {
    return this.byTopic.get(topic);
  }
}

function topicValidator(publish: CompiledMessage[], subscribe: CompiledMessage[]): TopicValidator {
  return {
    checksSomething: publish.length > 0 || subscribe.length > 0,
    check: (from, data, isBinary) => {
      const messages = from === 'client' ? publish : subscribe;
      return messages.length === 0 || isBinary ? UNCHECKED : checkPayload(messages, data.toString('utf8'));
    },
  };
}

/**
 * Checks a text frame against the messages of its direction: valid when it matches one of them. The frame is read
 * as JSON; a frame that is not JSON is checked as a string (so `type: string` payloads accept plain text).
 */
function checkPayload(messages: readonly CompiledMessage[], text: string): FrameCheck {
  let value: unknown = text;
  let isJson = true;
  try {
    value = JSON.parse(text);
  } catch {
    isJson = false;
  }
  let first: { message: CompiledMessage; error: ErrorObject | undefined } | undefined;
  for (const message of messages) {
    if (message.validate(value)) {
      return { result: 'valid', message: message.name };
    }
    first ??= { message, error: message.validate.errors?.[0] };
  }
  const names = messages.map((message) => message.name).join(', ');
  const error = first?.error;
  const why =
    error === undefined
      ? 'it does not match'
      : `${error.instancePath === '' ? 'the payload' : error.instancePath} ${error.message ?? 'is invalid'} (schema ${documentPointer(error.schemaPath)})`;
  return {
    result: 'invalid',
    problem: `${isJson ? '' : 'not JSON; '}${messages.length > 1 ? `matches none of ${names}; ${first?.message.name ?? ''}: ` : `${names}: `}${why}`,
  };
}
