/**
 * Rewrites the official parser's schema messages (from its JSON Schema validator) as sentences that name the
 * key and the fix: `"info" property must have required property "version"` becomes
 * `'info' is missing the required property 'version'.`
 */
export function humanizeSchemaMessage(message: string, suggestion?: string): string {
  for (const [pattern, rewrite] of REWRITES) {
    const match = pattern.exec(message);
    if (match) {
      return rewrite(match.slice(1), suggestion);
    }
  }
  return sentence(message);
}

type Rewrite = (groups: string[], suggestion: string | undefined) => string;

const REWRITES: ReadonlyArray<readonly [RegExp, Rewrite]> = [
  [
    /^Property "(.+)" is not expected to be here$/,
    ([key], suggestion) =>
      `'${key}' is not allowed here${suggestion ? `: did you mean '${suggestion}'?` : '.'}`,
  ],
  [
    /^"(.+)" property must have required property "(.+)"$/,
    ([key, missing]) => `'${key}' is missing the required property '${missing}'.`,
  ],
  [
    /^Object must have required property "(.+)"$/,
    ([missing]) => `The document is missing the required property '${missing}'.`,
  ],
  [
    /^Item at index (\d+) must have required property "(.+)"$/,
    ([index, missing]) => `Item ${index} is missing the required property '${missing}'.`,
  ],
  [
    /^Item at index (\d+) must be (\w+)$/,
    ([index, type]) => `Item ${index} must be ${typeName(type ?? '')}.`,
  ],
  [/^"(.+)" property type must be (.+)$/, ([key, types]) => `'${key}' must be ${typeName(types ?? '')}.`],
  [/^must be (.+)$/, ([types]) => `This must be ${typeName(types ?? '')}.`],
  [
    /^"(.+)" property must be equal to one of the allowed values: (.+)\. Did you mean "(.+)"\?$/,
    ([key, values, near]) =>
      `'${key}' must be one of: ${(values ?? '').replace(/"/g, '')}: did you mean '${near}'?`,
  ],
  [
    /^"(.+)" property must be equal to one of the allowed values: (.+)$/,
    ([key, values]) => `'${key}' must be one of: ${(values ?? '').replace(/"/g, '')}.`,
  ],
  [
    /^"(.+)" property must match pattern "(.+)"$/,
    ([key, pattern]) => `'${key}' must match the pattern ${pattern}.`,
  ],
  [/^"(.+)" property must match format "(.+)"$/, ([key, format]) => `'${key}' must be a valid ${format}.`],
  [
    /^"(.+)" property must match exactly one schema in oneOf$/,
    ([key]) =>
      `'${key}' matches none of its allowed forms, or more than one: compare its keys with the specification.`,
  ],
];

const ARTICLES: Record<string, string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  null: 'null',
};

/** `object,boolean` → `an object or a boolean`. */
function typeName(types: string): string {
  return types
    .split(',')
    .map((type) => ARTICLES[type.trim()] ?? type.trim())
    .join(' or ');
}

function sentence(message: string): string {
  const trimmed = message.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
