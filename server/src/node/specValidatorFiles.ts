import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { SpecValidator } from '../service/schemaFindings';
import type { Validate } from '../service/schemaPieces';

/** The folder of the spec validators esbuild.mjs bundles, beside the server's bundle in dist/. */
export const SPEC_VALIDATORS_FOLDER = 'spec-validators';

/**
 * Loads the validator of an AsyncAPI version's JSON Schema from its bundle in `folder`
 * (`asyncapi-<version>.js`, ajv's standalone code) the first time a version is asked for: 20 to 200 ms each,
 * where compiling the schema would take ten times that. Undefined for a version without a bundle.
 * A bundle also has the schema in pieces (`shallow` and `part0`, `part1`...), which the validator then carries.
 */
export function specValidatorFiles(folder: string): (version: string) => SpecValidator | undefined {
  const load = createRequire(join(folder, 'loader.js'));
  const loaded = new Map<string, SpecValidator | undefined>();
  return (version) => {
    if (!loaded.has(version)) {
      const file = join(folder, `asyncapi-${version}.js`);
      loaded.set(version, existsSync(file) ? withPieces(load(file) as ValidatorFile) : undefined);
    }
    return loaded.get(version);
  };
}

/** A version's bundle: the whole schema's validator, and the validators of its pieces. */
type ValidatorFile = { readonly default: SpecValidator } & Readonly<Record<string, Validate | undefined>>;

function withPieces(file: ValidatorFile): SpecValidator {
  const { default: whole, shallow } = file;
  const parts: Validate[] = [];
  for (let part = file[`part${parts.length}`]; part !== undefined; part = file[`part${parts.length}`]) {
    parts.push(part);
  }
  return shallow === undefined ? whole : Object.assign(whole, { pieces: { shallow, parts } });
}
