// What Try Topic knows of a topic's messages, from its AsyncAPI definition: each message checked against the
// payload schemas of its direction (every violation, with core's checks, as the gateway does), and examples of
// what a client sends. No VS Code API here.
import { sample } from 'openapi-sampler';

import { isRecord } from '../../../core/src/document/documentKind';
import { readAsyncApiTopics } from '../../../core/src/wso2/asyncApiTopics';
import {
  checkPayload,
  UNCHECKED,
  type CompiledMessage,
  type FrameCheck,
} from '../../../core/src/wso2/payloadCheck';
import { PayloadSchemas } from '../../../core/src/wso2/payloadSchemas';
import type { Verb } from '../../../core/src/asyncapi';

/** A frame's direction, seen from the client: `sent` is checked against PUBLISH messages, `received` SUBSCRIBE. */
export type Direction = 'sent' | 'received';

export class TopicMessages {
  private readonly compiled: Readonly<Record<Verb, CompiledMessage[]>>;
  private readonly publishPointers: readonly string[];
  /** Problems with the definition's schemas (a schema that cannot be compiled is not used). */
  readonly problems: string[] = [];
  private nextExample = 0;

  /** `definition` is the AsyncAPI document (parsed); `topic` the channel's name. */
  constructor(
    private readonly definition: unknown,
    topic: string,
  ) {
    const found = readAsyncApiTopics(definition).find((candidate) => candidate.name === topic);
    const schemas = new PayloadSchemas(definition, { allErrors: true });
    const compile = (verb: Verb): CompiledMessage[] =>
      (found?.messages ?? [])
        .filter((message) => message.verb === verb)
        .flatMap((message) => {
          const validate = schemas.validator(message.payloadPointer, (error) =>
            this.problems.push(`the payload schema at ${message.payloadPointer} cannot be used: ${error}`),
          );
          return validate === undefined ? [] : [{ name: message.name ?? message.payloadPointer, validate }];
        });
    this.compiled = { PUBLISH: compile('PUBLISH'), SUBSCRIBE: compile('SUBSCRIBE') };
    this.publishPointers = (found?.messages ?? [])
      .filter((message) => message.verb === 'PUBLISH')
      .map((message) => message.payloadPointer);
  }

  /** A text frame checked against its direction's messages; binary frames and directions without schemas: unchecked. */
  check(direction: Direction, text: string | undefined): FrameCheck {
    const messages = this.compiled[direction === 'sent' ? 'PUBLISH' : 'SUBSCRIBE'];
    return text === undefined || messages.length === 0 ? UNCHECKED : checkPayload(messages, text);
  }

  /**
   * The next example of a message the client sends (the PUBLISH messages in turn), as the text to send: a sample
   * of its payload schema (which uses the schema's `examples`/`example`); undefined when there is none.
   */
  example(): string | undefined {
    for (let tried = 0; tried < this.publishPointers.length; tried++) {
      const pointer = this.publishPointers[this.nextExample++ % this.publishPointers.length];
      try {
        const value: unknown = sample(
          { $ref: pointer },
          { quiet: true, enablePatterns: true },
          this.definition as object,
        );
        return typeof value === 'string' ? value : JSON.stringify(value, undefined, 2);
      } catch {
        // A schema the sampler cannot read (Avro, a broken $ref): the next message.
      }
    }
    return undefined;
  }
}

/** A frame as the panel shows it: JSON pretty-printed, anything else as it is. */
export function prettyText(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) || Array.isArray(value) ? JSON.stringify(value, undefined, 2) : text;
  } catch {
    return text;
  }
}
