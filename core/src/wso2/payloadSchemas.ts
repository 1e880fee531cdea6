import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The id the AsyncAPI document gets inside Ajv, so that payload schemas' `$ref`s resolve against it. */
const DOCUMENT_ID = 'urn:wsapi:asyncapi';

/**
 * The payload schemas of one API's AsyncAPI document, each compiled once, on first use, by its JSON pointer: one
 * Ajv per API holds the whole document, so that `#/components/schemas/...` references inside payloads resolve.
 * Used by the gateway's message validation and by the mock's request matching.
 * Import this file directly: it is not re-exported from `core/src/wso2`, so that the language server's bundle
 * stays without Ajv's formats.
 */
export class PayloadSchemas {
  private ajv: Ajv | undefined;
  private readonly compiled = new Map<string, ValidateFunction | undefined>();

  /** With `allErrors`, a validator reports every violation, not only the first (Try Topic's panel). */
  constructor(
    private readonly definition: unknown,
    private readonly options: { readonly allErrors?: boolean } = {},
  ) {}

  /** The validator of the schema at `pointer`; undefined, and the reason given to `failed` once, when it cannot be compiled. */
  validator(pointer: string, failed: (reason: string) => void): ValidateFunction | undefined {
    if (this.compiled.has(pointer)) {
      return this.compiled.get(pointer);
    }
    let validate: ValidateFunction | undefined;
    try {
      if (this.ajv === undefined) {
        // Problems are reported through `failed`, never printed by Ajv itself.
        this.ajv = new Ajv({
          strict: false,
          validateSchema: false,
          allErrors: this.options.allErrors === true,
          logger: false,
        });
        addFormats(this.ajv);
        this.ajv.addSchema(this.definition ?? {}, DOCUMENT_ID);
      }
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` });
    } catch (error) {
      failed(error instanceof Error ? error.message : String(error));
    }
    this.compiled.set(pointer, validate);
    return validate;
  }
}

/** An Ajv schema path as a pointer into the AsyncAPI document: `#/components/schemas/Order/required`. */
export function documentPointer(schemaPath: string): string {
  const pointer = schemaPath.startsWith(DOCUMENT_ID) ? schemaPath.slice(DOCUMENT_ID.length) : schemaPath;
  try {
    return decodeURIComponent(pointer);
  } catch {
    return pointer;
  }
}
