import type { Parser } from '@asyncapi/parser';
import { documentStructure } from '@asyncapi/parser/cjs/ruleset/functions/documentStructure';
import { coreRuleset } from '@asyncapi/parser/cjs/ruleset/ruleset';

/**
 * Spectral compiles the schemas a rule validates with once per run: its compiled schemas are keyed by the run's
 * document inventory. The two rules that check a document against the AsyncAPI specification's own JSON Schema
 * would so compile that large schema again on every parse: about 100 ms for 2.x and 350 ms for 3.0, most of a
 * small document's parse. The specification's schemas never change, so these two rules share one key for every
 * run of this worker and compile each version's schema once. Everything else they do is the official rule's.
 */
const SPEC_SCHEMAS_KEY = {};

type RulesetFunction = (
  ...args: Parameters<typeof documentStructure>
) => ReturnType<typeof documentStructure>;

const documentStructureCompiledOnce: RulesetFunction = (input, options, context) =>
  documentStructure(input, options, {
    ...context,
    documentInventory: SPEC_SCHEMAS_KEY as typeof context.documentInventory,
  });

const SPEC_SCHEMA_RULES = ['asyncapi-document-resolved', 'asyncapi-document-unresolved'] as const;

type ParserOptions = NonNullable<ConstructorParameters<typeof Parser>[0]>;

/** The official ruleset, with the specification's schemas compiled once per worker rather than once per parse. */
export function parserOptions(): ParserOptions {
  const rules = Object.fromEntries(
    SPEC_SCHEMA_RULES.map((name) => {
      const rule = coreRuleset.rules[name];
      return [name, { ...rule, then: { ...rule.then, function: documentStructureCompiledOnce } }];
    }),
  );
  // The rules are the official ones: only their declared types are wider (`severity: string`).
  return { ruleset: { rules } as NonNullable<ParserOptions['ruleset']> };
}
