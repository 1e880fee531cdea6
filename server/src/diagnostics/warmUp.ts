import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse as parseYaml } from 'yaml';

import { ParseCache } from '../../../core/src/document';
import { generateDocument, WARM_UP_LINES } from '../../../core/src/document/sampleDocument';
import type { ParserFinding } from '../officialParser/protocol';
import { parserDiagnostics } from '../service/parserDiagnostics';
import type { SpecValidator } from '../service/schemaFindings';
import { doValidation } from '../service/validation';
import { runSafe } from '../utils/runner';
import { readInSlices } from './opening';

/**
 * Runs wsapi's own checks once on generated documents (a large YAML one in pieces, a JSON one) while the server
 * is idle, in the same slices as a real document, so that the first document opened does not also pay for
 * compiling the code that reads it: that costs a few hundred milliseconds on a cold server.
 */
export async function warmUp(
  log: (message: string) => void,
  nextTurn: () => Promise<void>,
  specValidator?: (version: string) => SpecValidator | undefined,
): Promise<void> {
  // Each sample is made in the turn that reads it (a YAML parse of the JSON one's text takes a while too).
  const samples = [
    {
      uri: 'wsapi-warm-up:/asyncapi.yaml',
      languageId: 'yaml',
      text: () => generateDocument('2.6.0', WARM_UP_LINES),
    },
    {
      uri: 'wsapi-warm-up:/asyncapi.json',
      languageId: 'json',
      text: () => JSON.stringify(parseYaml(generateDocument('3.0.0', WARM_UP_LINES / 4)), null, 2),
    },
  ];
  for (const sample of samples) {
    const { uri, languageId } = sample;
    const text = sample.text();
    const cache = new ParseCache(0); // read in pieces and in steps, whatever its size
    await readInSlices(cache, text, languageId === 'json' ? 'json' : 'yaml', nextTurn);
    // Opened, then edited a few times: the first edits of a real document (a piece parsed again, a schema error
    // found and worded) then cost closer to what the later ones do.
    const edited = text.replace(/("?protocol"?: )"?wss"?/, '$18080');
    for (const [version, content] of [text, edited, text, edited, text].entries()) {
      const document = TextDocument.create(uri, languageId, version + 1, content);
      runSafe(
        log,
        () =>
          parserDiagnostics(
            WARM_UP_FINDINGS,
            doValidation(document, { parseCache: () => cache, ...(specValidator && { specValidator }) }),
          ),
        [],
        'Error while warming up',
      );
      await nextTurn();
    }
  }
}

/** Findings placed on the warm-up's documents: the first parser findings of a real one cost 20 ms less. */
const WARM_UP_FINDINGS: readonly ParserFinding[] = [
  {
    code: 'asyncapi2-schemas',
    message: 'Property "titel" is not expected to be here',
    severity: 0,
    path: ['info'],
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    suggestion: 'title',
  },
  {
    code: 'asyncapi2-schemas',
    message: '"title" property type must be string',
    severity: 0,
    path: ['info', 'title'],
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  },
];
