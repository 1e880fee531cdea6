import type { DocumentOptions, ParseOptions, SchemaOptions, YAMLError } from 'yaml';

import type { Problem, Severity } from '../problem';

/** How wsapi parses YAML: duplicate keys are errors, positions are offsets, nothing is printed. */
export const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  prettyErrors: false,
  uniqueKeys: true,
  logLevel: 'error',
};

/** A problem of the yaml package as wsapi reports it. */
export function yamlProblem(error: YAMLError, severity: Severity, text: string): Problem {
  const [start, end] = error.pos;
  const code =
    error.code === 'DUPLICATE_KEY'
      ? 'yaml-duplicate-key'
      : error.code === 'TAB_AS_INDENT'
        ? 'yaml-tab'
        : 'yaml-syntax';
  return {
    code,
    message: sentence(error.message),
    severity,
    start: Math.min(start, text.length),
    end: Math.min(Math.max(end, start), text.length),
  };
}

export function syntaxProblem(code: string, message: string, start: number, end: number): Problem {
  return { code, message, severity: 'error', start, end };
}

/** The yaml package writes messages like "Nested mappings are not allowed in compact mappings"; end them. */
export function sentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?:]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
