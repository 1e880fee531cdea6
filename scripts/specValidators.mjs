// The JSON Schema of every AsyncAPI version @asyncapi/specs ships, compiled by ajv to standalone JavaScript at
// build time, so that the language server validates a document against its version's schema as it is typed
// without compiling a schema at run time (100 ms to a few seconds each). esbuild.mjs bundles each one to
// dist/spec-validators/asyncapi-<version>.js; the server loads a version's file the first time it needs it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** The versions whose schema the official parser validates with (1.x and release candidates it refuses). */
export const SPEC_VERSIONS = [
  '2.0.0',
  '2.1.0',
  '2.2.0',
  '2.3.0',
  '2.4.0',
  '2.5.0',
  '2.6.0',
  '3.0.0',
  '3.1.0',
];

/**
 * A version's schema as the official parser's `asyncapi-document-resolved` rule prepares it
 * (@asyncapi/parser cjs/ruleset/functions/documentStructure.js): the draft-07 meta-schema ajv has already out,
 * no `uri-reference` format on a Reference Object (JSON pointers with `[` are references too), and in 3.x a
 * channel, an operation's channel and messages, and a reply's, allowed as the objects rather than only as
 * `$ref`s. Errors under a `$ref` are left to the parser, which validates with references resolved.
 */
function prepare(raw, version) {
  const schema = JSON.parse(JSON.stringify(raw));
  delete schema.definitions['http://json-schema.org/draft-07/schema'];
  const definition = (name) => schema.definitions[`http://asyncapi.com/definitions/${version}/${name}.json`];
  const reference = definition('ReferenceObject');
  if (reference?.format === 'uri-reference') {
    delete reference.format;
  }
  if (version.startsWith('3.')) {
    const ref = (name) => `http://asyncapi.com/definitions/${version}/${name}.json`;
    const channel = definition('channel');
    if (channel?.properties?.servers?.items) {
      channel.properties.servers.items.$ref = ref('server');
    }
    for (const name of ['operation', 'operationReply']) {
      const object = definition(name);
      if (object?.properties?.channel) {
        object.properties.channel.$ref = ref('channel');
      }
      if (object?.properties?.messages?.items) {
        object.properties.messages.items.$ref = ref('messageObject');
      }
    }
  }
  return schema;
}

/** ajv as Spectral runs it for the parser's schema rules, plus `verbose` (the allowed keys for "did you mean"). */
const AJV_OPTIONS = {
  allErrors: true,
  strict: false,
  allowUnionTypes: true,
  unicodeRegExp: false,
  verbose: true,
  logger: false,
  code: { source: true },
};

/**
 * Writes the standalone validator source of every version into a cache folder keyed by what it is made from
 * (ajv, ajv-formats, @asyncapi/specs, this script), and returns the files: generating them takes a while, so it
 * happens once per change of those.
 */
export function specValidatorSources(cacheRoot) {
  const versions = ['ajv', 'ajv-formats', '@asyncapi/specs']
    .map((name) => `${name}@${require(`${name}/package.json`).version}`)
    .join(' ');
  const key = createHash('sha256')
    .update(versions)
    .update(readFileSync(new URL(import.meta.url)))
    .digest('hex')
    .slice(0, 16);
  const folder = join(cacheRoot, key);
  const files = Object.fromEntries(
    SPEC_VERSIONS.map((version) => [version, join(folder, `asyncapi-${version}.cjs`)]),
  );
  if (Object.values(files).every((file) => existsSync(file))) {
    return files;
  }
  const Ajv = require('ajv').default;
  const addFormats = require('ajv-formats').default;
  const standaloneCode = require('ajv/dist/standalone').default;
  const specs = require('@asyncapi/specs');
  rmSync(cacheRoot, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const version of SPEC_VERSIONS) {
    const ajv = new Ajv(AJV_OPTIONS);
    addFormats(ajv);
    const validate = ajv.compile(prepare(specs.schemas[version], version));
    writeFileSync(`${files[version]}.tmp`, standaloneCode(ajv, validate));
    renameSync(`${files[version]}.tmp`, files[version]);
  }
  return files;
}
