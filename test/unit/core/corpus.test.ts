import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { readDocument } from '../../../core/src';
import { loadManifest } from '../../support/corpus';
import { CORPUS_DIR } from '../../support/paths';

suite('the AsyncAPI corpus (234 real documents)', () => {
  const entries = loadManifest();

  test('every document is recognised as AsyncAPI and every fragment is not', () => {
    const wrong = entries.filter((entry) => {
      const reading = readDocument(readFileSync(join(CORPUS_DIR, entry.file), 'utf8'), entry.format);
      return reading.kind !== (entry.role === 'document' ? 'asyncapi' : 'other');
    });
    assert.ok(entries.length >= 234, `only ${entries.length} entries in the manifest`);
    assert.deepEqual(
      wrong.map((entry) => entry.file),
      [],
    );
  });

  test('no document the official parser accepts gets a syntax error', () => {
    const flagged = entries
      .filter((entry) => entry.parserAcceptedIt)
      .flatMap((entry) => {
        const text = readFileSync(join(CORPUS_DIR, entry.file), 'utf8');
        return readDocument(text, entry.format)
          .problems.filter((problem) => problem.severity === 'error')
          .map((problem) => `${entry.file}: ${problem.code} ${problem.message}`);
      });
    assert.deepEqual(flagged, []);
  });
});
