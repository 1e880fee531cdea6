import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import type { ApiTopic, Verb, WsApi } from '../../core/src';
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

/** The id the AsyncAPI document gets inside Ajv, so that payload schemas' `$ref`s resolve against it. */
const DOCUMENT_ID = 'urn:wsapi:asyncapi';

/**
 * The payload validators of one API, compiled once when the API is loaded: one Ajv per API, holding its AsyncAPI
 * document, so that `#/components/schemas/...` references inside payloads resolve. Schemas that cannot be compiled
 * are left out and reported in `problems`.
 */
export class ApiValidators {
  readonly problems: string[] = [];
  private readonly byTopic = new Map<ApiTopic, TopicValidator>();

  constructor(api: WsApi) {
    if (api.definition === undefined || !api.topics.some((topic) => (topic.messages ?? []).length > 0)) {
      return;
    }
    const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: false });
    addFormats(ajv);
    ajv.addSchema(api.definition, DOCUMENT_ID);
    const compiled = new Map<string, ValidateFunction | undefined>();
    for (const topic of api.topics) {
      const compile = (verb: Verb): CompiledMessage[] =>
        (topic.messages ?? [])
          .filter((message) => message.verb === verb)
          .flatMap((message) => {
            const validate = compileOnce(ajv, message.payloadPointer, compiled, (error) =>
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

function compileOnce(
  ajv: Ajv,
  pointer: string,
  compiled: Map<string, ValidateFunction | undefined>,
  failed: (error: string) => void,
): ValidateFunction | undefined {
  if (compiled.has(pointer)) {
    return compiled.get(pointer);
  }
  let validate: ValidateFunction | undefined;
  try {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` });
  } catch (error) {
    failed(error instanceof Error ? error.message : String(error));
  }
  compiled.set(pointer, validate);
  return validate;
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
      : `${error.instancePath === '' ? 'the payload' : error.instancePath} ${error.message ?? 'is invalid'} (schema ${schemaPath(error.schemaPath)})`;
  return {
    result: 'invalid',
    problem: `${isJson ? '' : 'not JSON; '}${messages.length > 1 ? `matches none of ${names}; ${first?.message.name ?? ''}: ` : `${names}: `}${why}`,
  };
}

/** A schema path as a pointer into the AsyncAPI document: `#/components/schemas/Order/required`. */
function schemaPath(path: string): string {
  const pointer = path.startsWith(DOCUMENT_ID) ? path.slice(DOCUMENT_ID.length) : path;
  try {
    return decodeURIComponent(pointer);
  } catch {
    return pointer;
  }
}
