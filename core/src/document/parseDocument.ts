import {
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import { parseDocument as parseYamlDocument } from 'yaml';

import type { Problem } from '../problem';
import type { DocumentFormat } from './documentFormat';
import { jsonLocator, yamlLocator } from './locator';
import type { ParsedDocument } from './parsedDocument';
import { syntaxProblem, sentence, yamlProblem, YAML_OPTIONS } from './syntaxProblems';
import { duplicateKey } from './jsonSteps';
import type { ParseCache } from './yamlPieces';

/**
 * Parses a text; with a cache (one per open document), a large YAML text is parsed in pieces and only the pieces
 * an edit changed are parsed again (see yamlPieces.ts): the answer is the same as a parse of the whole text.
 */
export function parseDocument(text: string, format: DocumentFormat, cache?: ParseCache): ParsedDocument {
  if (format === 'json') {
    return parseJson(text, cache);
  }
  return (cache !== undefined && cache.parse(text)) || parseYaml(text);
}

function parseYaml(text: string): ParsedDocument {
  const document = parseYamlDocument(text, YAML_OPTIONS);
  const problems = [
    ...document.errors.map((error) => yamlProblem(error, 'error', text)),
    ...document.warnings.map((warning) => yamlProblem(warning, 'warning', text)),
  ];
  const locator = yamlLocator(document, text);
  try {
    return { format: 'yaml', root: document.toJS({ maxAliasCount: 1000 }) as unknown, problems, locator };
  } catch (error) {
    // toJS throws on alias bombs and similar: report it and keep what the syntax check found.
    const message = sentence(error instanceof Error ? error.message : String(error));
    return {
      format: 'yaml',
      root: undefined,
      problems: [...problems, syntaxProblem('yaml-syntax', message, 0, 0)],
      locator,
    };
  }
}

/**
 * A large strict JSON text's tree comes from the cache when it can: read in steps when it opened (see
 * ParseCache.prime), or made from the last one after an edit (see reparseJson).
 */
function parseJson(text: string, cache: ParseCache | undefined): ParsedDocument {
  const read = cache?.jsonTree(text);
  if (read !== undefined) {
    return strictJson(text, read.tree, read.duplicateKeys);
  }
  const edited = cache?.editedJson(text);
  if (edited !== undefined) {
    return strictJson(text, edited, duplicateKeys(edited));
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (tree !== undefined && errors.length === 0) {
    cache?.readJson(text, tree);
    return strictJson(text, tree, duplicateKeys(tree));
  }
  const root: unknown = tree === undefined ? undefined : getNodeValue(tree);
  const problems = [
    ...errors.map((error) =>
      syntaxProblem('json-syntax', jsonMessage(error), error.offset, error.offset + error.length),
    ),
    ...duplicateKeys(tree),
  ];
  return { format: 'json', root, problems, locator: jsonLocator(tree) };
}

/** A text its tree reads without errors is strict JSON: the engine's own parser builds the value far faster. */
function strictJson(text: string, tree: JsonNode | undefined, problems: readonly Problem[]): ParsedDocument {
  return { format: 'json', root: JSON.parse(text), problems, locator: jsonLocator(tree) };
}

/** The keys an object of the tree repeats. */
function duplicateKeys(tree: JsonNode | undefined): Problem[] {
  const problems: Problem[] = [];
  const pending = tree === undefined ? [] : [tree];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const seen = node.type === 'object' ? new Set<unknown>() : undefined;
    for (const child of node.children ?? []) {
      const key = child.type === 'property' ? child.children?.[0] : undefined;
      if (seen !== undefined && key !== undefined) {
        if (seen.has(key.value)) {
          problems.push(duplicateKey(String(key.value), key.offset, key.length));
        }
        seen.add(key.value);
      }
      pending.push(child);
    }
  }
  return problems.sort((a, b) => a.start - b.start);
}

const JSON_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character.',
  InvalidNumberFormat: 'Invalid number.',
  PropertyNameExpected: 'A property name in double quotes is expected here.',
  ValueExpected: 'A value is expected here.',
  ColonExpected: "A ':' is expected after the property name.",
  CommaExpected: "A ',' is expected between entries.",
  CloseBraceExpected: "A closing '}' is expected.",
  CloseBracketExpected: "A closing ']' is expected.",
  EndOfFileExpected: 'Nothing may follow the root value.',
  InvalidCommentToken: 'Comments are not allowed in JSON.',
  UnexpectedEndOfComment: 'The comment is not closed.',
  UnexpectedEndOfString: 'The string is not closed.',
  UnexpectedEndOfNumber: 'The number is incomplete.',
  InvalidUnicode: 'Invalid unicode escape sequence.',
  InvalidEscapeCharacter: 'Invalid escape character in string.',
  InvalidCharacter: 'Invalid character in string.',
};

function jsonMessage(error: ParseError): string {
  const name = printParseErrorCode(error.error);
  return JSON_MESSAGES[name] ?? name;
}
