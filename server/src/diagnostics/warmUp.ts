import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse as parseYaml } from 'yaml';

import { ParseCache } from '../../../core/src/document';
import { generateDocument, WARM_UP_LINES } from '../../../core/src/document/sampleDocument';
import { typingEdits } from '../../../core/src/document/sampleEdits';
import type { ParserFinding } from '../officialParser/protocol';
import { parserDiagnostics } from '../service/parserDiagnostics';
import type { SpecValidator } from '../service/schemaFindings';
import { doValidation, NOTHING } from '../service/validation';
import { runSafe } from '../utils/runner';
import { readInSlices } from './opening';

/**
 * Runs wsapi's own checks on generated documents (a large YAML one in pieces, a JSON one, small YAML ones read
 * whole) while the server is idle, in the same slices as a real document, so that the first document opened
 * does not also pay for compiling the code that reads it: that costs a few hundred milliseconds on a cold
 * server. The small ones are then typed into as people do (sampleEdits: a wrong type, a typo'd key, a deleted
 * required property, a wrong enum value, each undone), several rounds, so that the first schema errors of a real
 * document are found and worded by compiled code: on a cold server the first of each kind took 5-50 ms against
 * 2 ms warm, on a 200-line document.
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
  for (const text of [generateDocument('2.6.0', SMALL_LINES), generateDocument('3.0.0', SMALL_LINES)]) {
    await typeInto(text, log, nextTurn, specValidator);
  }
}

/** A document read whole, as one under ParseCache's size for pieces is. */
const SMALL_LINES = 200;
/** Rounds of every sample edit: V8 compiles a function's optimised code after a few calls. */
const TYPING_ROUNDS = 4;

async function typeInto(
  text: string,
  log: (message: string) => void,
  nextTurn: () => Promise<void>,
  specValidator?: (version: string) => SpecValidator | undefined,
): Promise<void> {
  const cache = new ParseCache();
  const workspace = { parseCache: () => cache, ...(specValidator && { specValidator }) };
  let document = TextDocument.create('wsapi-warm-up:/typed.asyncapi.yaml', 'yaml', 1, text);
  const edits = typingEdits(text);
  for (let round = 0; round < TYPING_ROUNDS; round++) {
    for (const edit of edits) {
      for (const change of [edit, edit.undo]) {
        document = TextDocument.update(document, [change], document.version + 1);
        runSafe(log, () => doValidation(document, workspace), NOTHING, 'Error while warming up');
      }
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
