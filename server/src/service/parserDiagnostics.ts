import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';

import type { ParserFinding } from '../officialParser/protocol';
import type { SchemaFinding } from './schemaFindings';
import { humanizeSchemaMessage } from './schemaMessages';
import type { DocumentValidation } from './types';

/** The `source` of the official parser's findings. */
export const PARSER_SOURCE = 'asyncapi-parser';

/**
 * The official ruleset's recommendations: fields a document "should have". Useful, but not errors of the
 * document: shown as hints so that a definition as WSO2 writes it is not covered in warnings.
 */
const RECOMMENDATIONS = new Set([
  'asyncapi-id',
  'asyncapi-defaultContentType',
  'asyncapi-servers',
  'asyncapi2-tags',
  'asyncapi-info-contact',
  'asyncapi-info-contact-properties',
  'asyncapi-info-license',
  'asyncapi-info-description',
  'asyncapi2-operation-operationId',
  'asyncapi2-message-messageId',
  'asyncapi-latest-version',
  'asyncapi-unused-component',
  'asyncapi2-unused-securityScheme',
]);

/** Parser codes whose findings wsapi's own rules report with a range and a fix: reported once, by wsapi. */
const COVERED_BY = new Map<string, string>([
  ['asyncapi2-channel-parameters', 'topic-parameter'],
  ['asyncapi3-channel-parameters', 'topic-parameter'],
  // A WSO2 definition's `#/channels/rooms/{roomID}`: WSO2 resolves it; wsapi says what other tools make of it.
  ['invalid-ref', 'wso2-channel-ref'],
]);

const SEVERITIES = [
  DiagnosticSeverity.Error,
  DiagnosticSeverity.Warning,
  DiagnosticSeverity.Information,
  DiagnosticSeverity.Hint,
] as const;

/** The parser's rule that checks a document against its version's JSON Schema, which wsapi runs as you type too. */
export const SCHEMA_RULE = 'asyncapi-document-resolved';

/** Parser codes whose messages come from its JSON Schema validator. */
const SCHEMA_CODES = new Set([
  'asyncapi-document-resolved',
  'asyncapi-document-unresolved',
  'asyncapi2-schemas',
]);

/**
 * Turns the official parser's findings into diagnostics beside wsapi's own: recommendations become hints,
 * problems wsapi already reported (syntax, channel parameters) are dropped, the advice to move to the newest
 * AsyncAPI version is dropped for WSO2 APIs (WSO2 reads 2.0 to 2.6 and 3.0 only), schema messages read as
 * sentences, and each range shrinks from a whole object to the key at fault.
 */
export function parserDiagnostics(
  findings: readonly ParserFinding[],
  validation: DocumentValidation,
): Diagnostic[] {
  return findings
    .filter((finding) => keep(finding, validation))
    .map((finding) => toDiagnostic(finding, validation, PARSER_SOURCE));
}

/**
 * wsapi's own run of the parser's schema rule (schemaFindings) as diagnostics, in the order of the document: the
 * same sentences and ranges as the parser's findings of that rule, reported with the first checks after an edit.
 */
export function schemaDiagnostics(
  findings: readonly SchemaFinding[],
  validation: Pick<DocumentValidation, 'locate'>,
  source: string,
): Diagnostic[] {
  const none = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return findings
    .map((finding) =>
      toDiagnostic({ ...finding, code: SCHEMA_RULE, severity: 0, range: none }, validation, source),
    )
    .sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
}

function keep(
  finding: ParserFinding,
  { diagnostics: own, flavor, schemaCovers }: DocumentValidation,
): boolean {
  if (finding.code === SCHEMA_RULE && schemaCovers?.(finding.path) === true) {
    return false; // wsapi's own run of the rule reported it (or, as one finding, the problem it is part of)
  }
  if (finding.code === 'parser' && finding.severity > 0) {
    return false; // YAML reader warnings (tabs, ...): the syntax check reports these
  }
  if (finding.code === 'asyncapi-latest-version' && flavor === 'wso2') {
    return false;
  }
  const ownCode = COVERED_BY.get(finding.code);
  return (
    ownCode === undefined ||
    !own.some(
      (diagnostic) =>
        String(diagnostic.code).startsWith(ownCode) &&
        diagnostic.range.start.line === finding.range.start.line,
    )
  );
}

function toDiagnostic(
  finding: ParserFinding,
  validation: Pick<DocumentValidation, 'locate'>,
  source: string,
): Diagnostic {
  const message = SCHEMA_CODES.has(finding.code)
    ? humanizeSchemaMessage(finding.message, finding.suggestion)
    : finding.message;
  return {
    range: narrowRange(finding, validation) ?? finding.range,
    severity: RECOMMENDATIONS.has(finding.code) ? DiagnosticSeverity.Hint : SEVERITIES[finding.severity],
    code: finding.code,
    source,
    message,
    ...(finding.suggestion !== undefined && { data: { suggestion: finding.suggestion } }),
  };
}

/** The key at the finding's path (the `asyncapi` key for the document itself); a `$ref`'s value. */
function narrowRange(
  finding: ParserFinding,
  validation: Pick<DocumentValidation, 'locate'>,
): Diagnostic['range'] | undefined {
  const { path } = finding;
  if (path.length === 0) {
    return validation.locate(['asyncapi'], 'key');
  }
  return validation.locate(path, path[path.length - 1] === '$ref' ? 'value' : 'key');
}
