import type { ErrorObject } from 'ajv';

import { decodeSegment, encodePointer } from '../../../core/src';

/** One of ajv's standalone validators: true when the value is valid, else false with its errors. */
export type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * A version's schema cut where a document's maps grow large (scripts/specValidators.mjs `cutAtMaps`): `shallow`
 * checks the document but the values of those maps, where it reports a placeholder error instead, and `parts`
 * check those values.
 */
export interface SchemaPieces {
  readonly shallow: Validate;
  readonly parts: readonly Validate[];
}

/** What a placeholder of the shallow schema says: the part that validates the value, and how to wrap it. */
interface Placeholder {
  readonly part: number;
  /** The keys from the schema the part is cut from down to the map (the value goes in as `{ ...wrap: { key } }`). */
  readonly wrap: readonly string[];
  /** The key the value goes in under, when the map's key patterns allow one for all; else the value's own. */
  readonly key?: string;
}

/** How the errors about a value are filtered, and whether a place is one the schema check covers. */
export interface ErrorFilter {
  /** Of the errors about `value` at `at` (a JSON pointer from the root), those that matter. */
  readonly relevant: (errors: readonly ErrorObject[], value: unknown, at: string) => ErrorObject[];
  /** True when the place (a JSON pointer from the root) is validated here: no `$ref` at it or above it. */
  readonly covers: (pointer: string) => boolean;
}

/** A value's relevant errors as the last validation found them, with the place the value was at then. */
interface ValueErrors {
  readonly instancePath: string;
  readonly errors: readonly ErrorObject[];
}

/**
 * The errors of each part's values, by filter and value. A document's parse keeps the objects of the text an edit
 * did not touch (the YAML pieces, core's ParseCache), so after an edit only the values it touched are validated
 * again.
 */
const cache = new WeakMap<ErrorFilter['relevant'], WeakMap<Validate, WeakMap<object, ValueErrors>>>();

/**
 * The relevant errors (`filter`) of the whole schema for a document's value, in the whole validation's order:
 * the shallow validation's, with each placeholder's error replaced by the errors of the value there, validated by
 * its part and filtered, or as the last validation of that same object found them. What is relevant of a value's
 * errors depends on the value alone (a `oneOf`'s branches, a `$ref` under it), so this is what a filter of the
 * whole validation's errors keeps, as long as the map holding the value is covered.
 */
export function errorsInPieces(
  root: unknown,
  pieces: SchemaPieces,
  filter: ErrorFilter,
): readonly ErrorObject[] {
  if (pieces.shallow(root)) {
    return [];
  }
  const found = pieces.shallow.errors ?? [];
  // A placeholder stands at one place of the schema, so for one map: its part and whether the map is covered.
  const maps = new Map<unknown, MapPart | undefined>();
  const mapOf = (error: ErrorObject): MapPart | undefined => {
    if (error.keyword !== 'not') {
      return undefined;
    }
    if (!maps.has(error.parentSchema)) {
      const placeholder = placeholderOf(error);
      const part = placeholder === undefined ? undefined : pieces.parts[placeholder.part];
      const map = error.instancePath.slice(0, error.instancePath.lastIndexOf('/'));
      maps.set(error.parentSchema, part && placeholder && { placeholder, part, covered: filter.covers(map) });
    }
    return maps.get(error.parentSchema);
  };
  const own = new Set(
    filter.relevant(
      found.filter((error) => mapOf(error) === undefined),
      root,
      '',
    ),
  );
  const errors: ErrorObject[] = [];
  for (const error of found) {
    const map = mapOf(error);
    if (map === undefined) {
      if (own.has(error)) {
        errors.push(error);
      }
    } else if (map.covered) {
      for (const valueError of errorsOfValue(map.part, map.placeholder, error, filter)) {
        errors.push(valueError);
      }
    }
  }
  return errors;
}

/** A map's placeholder, with its part and whether the map is one the schema check covers. */
interface MapPart {
  readonly placeholder: Placeholder;
  readonly part: Validate;
  readonly covered: boolean;
}

function placeholderOf(error: ErrorObject): Placeholder | undefined {
  const placeholder: unknown = error.parentSchema?.['x-wsapi-part'];
  return typeof placeholder === 'object' && placeholder !== null ? (placeholder as Placeholder) : undefined;
}

/** The relevant errors of the value of a placeholder's error (a map's entry), found by the part that validates it. */
function errorsOfValue(
  part: Validate,
  placeholder: Placeholder,
  { instancePath, data: value }: ErrorObject,
  filter: ErrorFilter,
): readonly ErrorObject[] {
  let byPart = cache.get(filter.relevant);
  if (byPart === undefined) {
    byPart = new WeakMap();
    cache.set(filter.relevant, byPart);
  }
  let byValue = byPart.get(part);
  if (byValue === undefined) {
    byValue = new WeakMap();
    byPart.set(part, byValue);
  }
  const known = typeof value === 'object' && value !== null ? byValue.get(value) : undefined;
  if (known?.instancePath === instancePath) {
    return known.errors;
  }
  // One key for all values where it may be: wrappers of one shape keep the validator's property lookups fast.
  const key = placeholder.key ?? decodeSegment(instancePath.slice(instancePath.lastIndexOf('/') + 1));
  let data: unknown = { [key]: value };
  for (let depth = placeholder.wrap.length - 1; depth >= 0; depth--) {
    data = { [placeholder.wrap[depth] ?? '']: data };
  }
  // The part reports the value's errors at `/<wrap...>/<key>...`: they go at the value's place in the document.
  const wrapped = encodePointer([...placeholder.wrap, key]);
  const errors = part(data)
    ? []
    : filter.relevant(
        (part.errors ?? []).map((error) => ({
          ...error,
          instancePath: instancePath + error.instancePath.slice(wrapped.length),
        })),
        value,
        instancePath,
      );
  if (typeof value === 'object' && value !== null) {
    byValue.set(value, { instancePath, errors });
  }
  return errors;
}
