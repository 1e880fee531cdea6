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

/** Where a document's maps grow large: `channels`, 3.x `operations`, and each kind of `components`. */
const LARGE_MAPS = [['channels'], ['operations'], ['components', '*']];

/** Keys a part may validate a value under, in place of the value's own. */
const WRAPPER_KEYS = ['value', 'x-value'];

/** Keywords that only annotate a schema: a `$ref` beside them alone may be written out in its place. */
const ANNOTATIONS = new Set(['$ref', '$comment', 'description', 'title', 'examples']);

/**
 * The schema cut where a document's maps grow large, for validating a document in pieces (schemaPieces.ts):
 *
 * - `shallow`, a copy of the root that checks everything but the values of those maps: a placeholder that always
 *   fails (`not: {}`) stands at the place of the schema of their values, and says which part validates them
 *   (`x-wsapi-part`). The schemas on the way to a map are written out in the copy (a `$ref`'s target copied in),
 *   so the definitions the whole schema shares stay as they are.
 * - `parts`, one per placeholder: the schema of the map's values where the whole schema has it, inside the schema
 *   ajv compiles to one function there (the definition a `$ref` leads to, which holds `$ref`s so ajv does not
 *   write it inline), kept down to the path to the map (`wrap`, its keys). Validating `{ ...wrap: { key: value } }`
 *   with it gives the errors the whole validation gives for the value, with the same schema paths; `key` is the
 *   value's own or, where the map's key patterns allow it, one for all (`x-wsapi-part` says which).
 *
 * ajv reports a placeholder's error where the whole schema reports the value's errors, so the value's errors put
 * in its place are the whole validation's, in its order.
 */
function cutAtMaps(schema) {
  const shallow = JSON.parse(JSON.stringify(schema));
  delete shallow.definitions;
  shallow.$id = schema.$id.replace(/\.json$/, '-wsapi-shallow.json');
  const parts = [];
  // A node written out, and the keys from the function ajv compiles it into (a `$ref`'s target) down to it.
  const inline = (node, wrap) => {
    if (node === null || typeof node !== 'object') {
      return undefined;
    }
    if (typeof node.$ref !== 'string') {
      return { node: { ...node }, wrap };
    }
    const target = schema.definitions[node.$ref];
    if (
      target === undefined ||
      !Object.keys(node).every((key) => ANNOTATIONS.has(key)) ||
      !JSON.stringify(target).includes('"$ref"')
    ) {
      return undefined;
    }
    const copy = { ...JSON.parse(JSON.stringify(target)), ...node };
    delete copy.$id;
    delete copy.$ref;
    return inline(copy, []);
  };
  const placeholder = (wrap, keyword, valueSchema) => {
    let part = { [keyword]: valueSchema };
    for (const key of [...wrap].reverse()) {
      part = { properties: { [key]: part } };
    }
    parts.push({ ...part, $id: schema.$id.replace(/\.json$/, `-wsapi-part${parts.length}.json`) });
    // The key the value goes in under (one for all, so that every wrapper has the same shape), when one fits.
    const patterns = Object.keys(keyword === 'patternProperties' ? valueSchema : {});
    const key = WRAPPER_KEYS.find((candidate) =>
      patterns.every((pattern) => new RegExp(pattern).test(candidate)),
    );
    return { not: {}, 'x-wsapi-part': { part: parts.length - 1, wrap, ...(key !== undefined && { key }) } };
  };
  const cut = (parent, wrap, [key, ...rest]) => {
    const keys = key === '*' ? Object.keys(parent.properties ?? {}) : [key];
    for (const name of keys) {
      const written = inline(parent.properties?.[name], [...wrap, name]);
      if (written === undefined) {
        continue;
      }
      const { node } = written;
      parent.properties = { ...parent.properties, [name]: node };
      if (rest.length > 0) {
        cut(node, written.wrap, rest);
        continue;
      }
      if (node.additionalProperties !== null && typeof node.additionalProperties === 'object') {
        node.additionalProperties = placeholder(
          written.wrap,
          'additionalProperties',
          node.additionalProperties,
        );
      }
      for (const [pattern, valueSchema] of Object.entries(node.patternProperties ?? {})) {
        if (valueSchema !== null && typeof valueSchema === 'object') {
          node.patternProperties = {
            ...node.patternProperties,
            [pattern]: placeholder(written.wrap, 'patternProperties', { [pattern]: valueSchema }),
          };
        }
      }
    }
  };
  LARGE_MAPS.forEach((path) => cut(shallow, [], path));
  return { shallow, parts };
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
    const schema = prepare(specs.schemas[version], version);
    const { shallow, parts } = cutAtMaps(schema);
    // Among the definitions, so that ajv compiles each definition they share with the whole schema once.
    for (const piece of [shallow, ...parts]) {
      schema.definitions[piece.$id] = piece;
    }
    ajv.addSchema(schema);
    const exports = {
      default: schema.$id,
      shallow: shallow.$id,
      ...Object.fromEntries(parts.map((part, index) => [`part${index}`, part.$id])),
    };
    writeFileSync(`${files[version]}.tmp`, standaloneCode(ajv, exports));
    renameSync(`${files[version]}.tmp`, files[version]);
  }
  return files;
}
