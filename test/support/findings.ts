import type { SchemaFinding } from '../../server/src/service/schemaFindings';
import { humanizeSchemaMessage } from '../../server/src/service/schemaMessages';

/** A schema finding as the user reads it: where, and the sentence. */
export function shown(finding: SchemaFinding): string {
  return `${JSON.stringify(finding.path)} ${humanizeSchemaMessage(finding.message, finding.suggestion)}`;
}
