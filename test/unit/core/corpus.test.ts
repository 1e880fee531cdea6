import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'node:test';

import { readDocument, type DocumentFormat } from '../../../core/src';
import { CORPUS_DIR } from '../../support/paths';

interface CorpusEntry {
  readonly file: string;
  readonly format: DocumentFormat;
  readonly role: 'document' | 'fragment';
  readonly parserAcceptedIt: boolean;
}

function loadManifest(): CorpusEntry[] {
  const manifest = join(CORPUS_DIR, 'MANIFEST.tsv');
  assert.ok(
    existsSync(manifest),
    `The AsyncAPI corpus is missing: expected ${manifest} (shared/ beside the checkout).`,
  );
  const [header, ...rows] = readFileSync(manifest, 'utf8').trimEnd().split('\n');
  const columns = (header ?? '').split('\t');
  const column = (name: string): number => columns.indexOf(name);
  return rows.map((row) => {
    const cells = row.split('\t');
    return {
      file: cells[column('file')] ?? '',
      format: cells[column('format')] === 'json' ? 'json' : 'yaml',
      role: cells[column('role')] === 'fragment' ? 'fragment' : 'document',
      parserAcceptedIt: cells[column('parser_document')] === 'yes',
    };
  });
}

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
