import betterAjvErrors from '@stoplight/better-ajv-errors';
import type { ErrorObject } from 'ajv';

import { decodeSegment, didYouMean, isRecord, type JsonPath } from '../../../core/src';
import { errorsInPieces, type SchemaPieces, type Validate } from './schemaPieces';

/**
 * A validator of one AsyncAPI version's JSON Schema (ajv's standalone code, built by scripts/specValidators.mjs):
 * true when the value is valid, else false with its errors; with the schema's `pieces`, a document is validated
 * in pieces (see schemaPieces.ts).
 */
export type SpecValidator = Validate & { readonly pieces?: SchemaPieces };

/** One problem of a document against its version's schema, in the words of the official parser's rule. */
export interface SchemaFinding {
  readonly path: JsonPath;
  /** As the parser's `asyncapi-document-resolved` rule words it (schemaMessages makes a sentence of it). */
  readonly message: string;
  /** For a key the schema does not allow here: the allowed key it most likely meant. */
  readonly suggestion?: string;
}

/**
 * The version of a document's value (its `asyncapi` field) whose schema validates it: a release (`2.6.0`); the
 * validators (runtime.specValidator) have the versions the official parser has a schema for.
 */
export function specVersionOf(root: unknown): string | undefined {
  const version = isRecord(root) ? root['asyncapi'] : undefined;
  return typeof version === 'string' && /^\d+\.\d+\.\d+$/.test(version) ? version : undefined;
}

const REF_NOT_EXPECTED = 'Property "$ref" is not expected to be here';

/**
 * Validates a document's value against its version's schema and words each problem once, as the official
 * parser's `asyncapi-document-resolved` rule does (one finding per problem: ajv's errors under `oneOf` branches
 * folded by better-ajv-errors, as Spectral does). The value is the document as typed, `$ref`s unresolved: what
 * lies under a `$ref` is left to the parser, which resolves them.
 *
 * With the schema's pieces, the values of the document's large maps (channels, operations, components) are
 * validated one by one, and again only when their objects are new (a parse in pieces keeps the objects of the
 * text an edit did not touch; a value that is a new object at every check costs more this way, so doValidation
 * asks for `'whole'` then): the errors are those of a validation of the whole, in the same order.
 */
export function schemaFindings(
  root: unknown,
  validate: SpecValidator,
  by: 'pieces' | 'whole' = 'pieces',
): SchemaFinding[] {
  const found =
    validate.pieces !== undefined && by === 'pieces'
      ? errorsInPieces(root, validate.pieces, {
          relevant,
          covers: (pointer) => pathOf(root, pointer) !== undefined,
        })
      : validate(root)
        ? []
        : relevant(validate.errors ?? [], root, '');
  if (found.length === 0) {
    return [];
  }
  const errors = found.map((error) => ({ ...error }));
  prepareResults(errors);
  const unmatched = unmatchedCombinators(errors);
  const allowedKeys = new Map<string, string[]>();
  for (const error of errors) {
    if (error.keyword === 'additionalProperties' && isRecord(error.parentSchema?.['properties'])) {
      allowedKeys.set(error.instancePath, Object.keys(error.parentSchema['properties']));
    }
  }
  const seen = new Set<string>();
  const findings: SchemaFinding[] = [];
  for (const { error, path: pointer, suggestion } of betterAjvErrors(undefined, errors, {
    propertyPath: [],
    targetValue: root,
  })) {
    const message = describeCombinator(
      describeArrayItem(suggestion === undefined ? error : `${error}. ${suggestion}`, pointer),
      unmatched.get(pointer),
    );
    const path = pathOf(root, pointer);
    const key = `${pointer}\n${message}`;
    if (message === REF_NOT_EXPECTED || path === undefined || seen.has(key)) {
      continue;
    }
    seen.add(key);
    const allowed = allowedKeys.get(pointer);
    const unknownKey = path[path.length - 1];
    const near = allowed && typeof unknownKey === 'string' ? didYouMean(unknownKey, allowed) : undefined;
    findings.push({ path, message, ...(near !== undefined && { suggestion: near }) });
  }
  return withoutTypoedRequired(findings);
}

/**
 * A typo'd required key is one problem, not two: `titel:` under `info` is reported as not allowed (did you mean
 * 'title'?), and `info` missing 'title' is left out.
 */
function withoutTypoedRequired(findings: readonly SchemaFinding[]): SchemaFinding[] {
  const meant = new Set(
    findings.flatMap(({ path, suggestion }) =>
      suggestion === undefined ? [] : [JSON.stringify([...path.slice(0, -1), suggestion])],
    ),
  );
  return findings.filter(({ path, message }) => {
    const missing = MISSING.exec(message)?.[1];
    return missing === undefined || !meant.has(JSON.stringify([...path, missing]));
  });
}

const MISSING = /must have required property "(.+)"$/;

/**
 * Of the errors about a value at `at` (a JSON pointer; the document's root at ''), those the findings are made of:
 * of the branches of a `oneOf` those the value was meant for, and none about what lies under a `$ref`. Each error
 * is kept or not for what lies at and under the value, so a value's errors are filtered once (schemaPieces.ts).
 */
function relevant(errors: readonly ErrorObject[], value: unknown, at: string): ErrorObject[] {
  return outsideRefs(
    (pointer) => pathOf(value, pointer.slice(at.length)) !== undefined,
    intendedBranches(errors),
  );
}

/**
 * The errors that are not about a `$ref` or what lies under one (the parser checks that with references
 * resolved: `covers` is false there), and of the `oneOf`/`anyOf` errors those that other errors under them
 * explain: one that failed only because a branch met a `$ref` where the schema wants the object is no error.
 */
function outsideRefs(covers: (pointer: string) => boolean, errors: readonly ErrorObject[]): ErrorObject[] {
  const combinator = (error: ErrorObject): boolean => error.keyword === 'oneOf' || error.keyword === 'anyOf';
  const kept = errors.filter((error) => covers(error.instancePath) && !refRequired(error));
  // The places with an error of their own, and every place above them (a set: thousands of errors stay linear).
  const explained = new Set<string>();
  for (const error of kept) {
    if (!combinator(error)) {
      for (let pointer = error.instancePath; !explained.has(pointer);) {
        explained.add(pointer);
        pointer = pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')));
      }
    }
  }
  return kept.filter((error) => !combinator(error) || explained.has(error.instancePath));
}

function isUnder(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

/**
 * Of the branches of a `oneOf`/`anyOf` that no branch matched, the errors of the branches the value was meant
 * for: a branch that misses a property it requires of the value itself (a message without `oneOf` is not a list
 * of messages) is not one, as long as another branch is. So a typo'd key in a message is one finding on the key
 * rather than one per form a message may take. Errors are attributed to a branch by their schema path.
 */
function intendedBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  errors.forEach((combinator, at) => {
    if (combinator.keyword !== 'oneOf' && combinator.keyword !== 'anyOf') {
      return;
    }
    const prefix = `${combinator.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (let i = at - 1; i >= 0; i--) {
      const error = errors[i];
      if (!isUnder(error.instancePath, combinator.instancePath)) {
        break;
      }
      if (error.schemaPath.startsWith(prefix) && !dropped.has(error)) {
        const branch = error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
        branches.set(branch, [...(branches.get(branch) ?? []), error]);
      }
    }
    const unlike = (branch: readonly ErrorObject[]): boolean =>
      branch.some((error) => error.keyword === 'required' && error.instancePath === combinator.instancePath);
    const meant = [...branches.values()].filter((branch) => !unlike(branch));
    if (meant.length > 0) {
      [...branches.values()]
        .filter(unlike)
        .forEach((branch) => branch.forEach((error) => dropped.add(error)));
    }
  });
  return errors.filter((error) => !dropped.has(error));
}

/**
 * The official rule's filter (documentStructure.js `prepareResults`): an unknown key's error sits on the key,
 * a missing `$ref` is no error, and of errors on one place, or a `oneOf` above one already kept, one stays.
 */
function prepareResults(errors: ErrorObject[]): void {
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i];
    if (error.keyword === 'additionalProperties') {
      error.instancePath = `${error.instancePath}/${String(error.params['additionalProperty'])}`;
    } else if (refRequired(error)) {
      errors.splice(i, 1);
      i--;
    }
  }
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i];
    const previous = errors[i - 1];
    if (errors[i + 1]?.instancePath === error.instancePath) {
      errors.splice(i + 1, 1);
      i--;
    } else if (
      previous !== undefined &&
      ignorable(error) &&
      previous.instancePath.startsWith(error.instancePath)
    ) {
      errors.splice(i, 1);
      i--;
    }
  }
}

function ignorable(error: ErrorObject): boolean {
  return error.keyword === 'oneOf' || refRequired(error);
}

/** The Reference Object's branch of a `oneOf`: the value is not a `$ref`, which is no error. */
function refRequired(error: ErrorObject): boolean {
  return error.keyword === 'required' && error.params['missingProperty'] === '$ref';
}

/** Spectral's schema function: where a `oneOf`/`anyOf` matched no branch, its message says so. */
function unmatchedCombinators(errors: readonly ErrorObject[]): Map<string, string> {
  const unmatched = new Map<string, string>();
  for (const { keyword, instancePath, params } of errors) {
    if ((keyword === 'oneOf' || keyword === 'anyOf') && !Array.isArray(params['passingSchemas'])) {
      unmatched.set(instancePath, keyword);
    }
  }
  return unmatched;
}

function describeCombinator(message: string, keyword: string | undefined): string {
  return keyword !== undefined && message.endsWith(` in ${keyword}`)
    ? `${message}. None of the schemas matched, see the other errors reported for this value`
    : message;
}

/** Spectral's schema function: an error on an array item names the item (`Item at index 2 must be ...`). */
function describeArrayItem(message: string, pointer: string): string {
  const index = pointer.split('/').pop();
  if (index === undefined || !/^\d+$/.test(index)) {
    return message;
  }
  const typePrefix = `"${index}" property type`;
  if (message.startsWith(typePrefix)) {
    return `Item at index ${index}${message.slice(typePrefix.length)}`;
  }
  const prefix = `"${index}" property`;
  return message.startsWith(prefix) ? `Item at index ${index}${message.slice(prefix.length)}` : message;
}

/**
 * True when a path of the document (a parser finding's) is one the schema check validates: it meets no `$ref` on
 * the way, so the value there is as typed.
 */
export function schemaCovers(root: unknown, path: JsonPath): boolean {
  return walk(root, path.map(String)) !== undefined;
}

/** A JSON pointer as a path into the value; undefined when it meets a `$ref` (see walk). */
function pathOf(root: unknown, pointer: string): JsonPath | undefined {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/');
  return walk(root, segments.map(decodeSegment));
}

/**
 * The path of keys into the value (sequence indexes as numbers); undefined when the value or one of the objects
 * above it is a `$ref`, whose target the parser checks with references resolved.
 */
function walk(root: unknown, segments: readonly string[]): JsonPath | undefined {
  const path: Array<string | number> = [];
  let node: unknown = root;
  for (const segment of segments) {
    if (isRecord(node) && '$ref' in node) {
      return undefined;
    }
    const index = Array.isArray(node) && /^\d+$/.test(segment) ? Number(segment) : segment;
    path.push(index);
    node =
      isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[index] : undefined;
  }
  return isRecord(node) && '$ref' in node ? undefined : path;
}
