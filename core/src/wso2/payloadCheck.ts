import type { ErrorObject, ValidateFunction } from 'ajv';

import { documentPointer } from './payloadSchemas';

/** A message whose payload schema is compiled: its name (or pointer) and its validator. */
export interface CompiledMessage {
  readonly name: string;
  readonly validate: ValidateFunction;
}

/** What a check of one frame found. */
export type FrameCheck =
  | { readonly result: 'valid'; readonly message?: string }
  /** `problem` is one line (the first violation); `problems` every violation the validator reported. */
  | { readonly result: 'invalid'; readonly problem: string; readonly problems: readonly string[] }
  /** Binary frames, and directions whose messages have no payload schema. */
  | { readonly result: 'unchecked' };

export const UNCHECKED: FrameCheck = { result: 'unchecked' };

/**
 * Checks a text frame against the messages of its direction: valid when it matches one of them. The frame is read
 * as JSON; a frame that is not JSON is checked as a string (so `type: string` payloads accept plain text). Used by
 * the gateway's message validation and by the editor's Try Topic panel (whose validators report every error).
 */
export function checkPayload(messages: readonly CompiledMessage[], text: string): FrameCheck {
  let value: unknown = text;
  let isJson = true;
  try {
    value = JSON.parse(text);
  } catch {
    isJson = false;
  }
  let first: { message: CompiledMessage; errors: readonly ErrorObject[] } | undefined;
  for (const message of messages) {
    if (message.validate(value)) {
      return { result: 'valid', message: message.name };
    }
    first ??= { message, errors: message.validate.errors ?? [] };
  }
  const names = messages.map((message) => message.name).join(', ');
  const prefix = `${isJson ? '' : 'not JSON; '}${messages.length > 1 ? `matches none of ${names}; ${first?.message.name ?? ''}: ` : `${names}: `}`;
  const reasons = (first?.errors ?? []).map(
    (error) =>
      `${error.instancePath === '' ? 'the payload' : error.instancePath} ${error.message ?? 'is invalid'} (schema ${documentPointer(error.schemaPath)})`,
  );
  return {
    result: 'invalid',
    problem: `${prefix}${reasons[0] ?? 'it does not match'}`,
    problems:
      reasons.length === 0 ? [`${prefix}it does not match`] : reasons.map((reason) => `${prefix}${reason}`),
  };
}
