import { Parser } from '@asyncapi/parser';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { parserOptions } from '../../../server/src/node/parserRuleset';
import { loadManifest, type CorpusEntry } from '../../support/corpus';
import { CORPUS_DIR } from '../../support/paths';

const MAX_LINES = 200;
const PER_VERSION = 4;
const VERSION = /asyncapi["']?\s*:\s*["']?([0-9][^\s"',]*)/;
/** Remote `$ref`s would make the result depend on the network. */
const REMOTE_REF = /\$ref["']?\s*:\s*["']?https?:/;

/** What a user sees of a finding: everything but the range, which comes from the same parse of the same text. */
async function findings(parser: Parser, entry: CorpusEntry): Promise<string[]> {
  const path = join(CORPUS_DIR, entry.file);
  const { diagnostics } = await parser.parse(readFileSync(path, 'utf8'), { source: path });
  return diagnostics.map((d) => `${String(d.code)} ${d.severity} ${d.path.join('/')} ${d.message}`).sort();
}

void suite('parser ruleset: the specification schemas compiled once', () => {
  // Small documents the official parser rejects, a few of every version.
  const manifest = loadManifest().filter((entry) => entry.role === 'document');
  const perVersion = new Map<string, CorpusEntry[]>();
  for (const entry of manifest) {
    const text = readFileSync(join(CORPUS_DIR, entry.file), 'utf8');
    const version = VERSION.exec(text)?.[1] ?? '?';
    const taken = perVersion.get(version) ?? [];
    if (!entry.parserAcceptedIt && text.split('\n').length <= MAX_LINES && !REMOTE_REF.test(text)) {
      perVersion.set(version, [...taken, entry].slice(0, PER_VERSION));
    }
  }
  const sample = [...perVersion.values()].flat();

  void test(`gives the official parser's findings on ${sample.length} rejected corpus documents, parse after parse`, async () => {
    assert.ok(sample.length >= 15, `expected at least 15 rejected corpus documents, found ${sample.length}`);
    const official = new Parser();
    const ours = new Parser(parserOptions());
    const expected = new Map<string, string[]>();
    for (const entry of sample) {
      expected.set(entry.file, await findings(official, entry));
    }
    let schemaFindings = 0;
    // Two rounds through all versions: the second reuses the schemas the first compiled.
    for (const round of [1, 2]) {
      for (const entry of sample) {
        const actual = await findings(ours, entry);
        assert.deepEqual(actual, expected.get(entry.file), `${entry.file}, round ${round}`);
        schemaFindings += actual.filter((line) => line.startsWith('asyncapi-document-')).length;
      }
    }
    assert.ok(schemaFindings > 0, 'the sample has documents that break the specification schema');
  });
});
