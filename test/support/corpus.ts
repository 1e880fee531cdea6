import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { readDocument, type DocumentFormat } from '../../core/src';
import { CORPUS_DIR } from './paths';

export interface CorpusEntry {
  readonly file: string;
  readonly format: DocumentFormat;
  readonly role: 'document' | 'fragment';
  readonly parserAcceptedIt: boolean;
}

/** The corpus's MANIFEST.tsv: every file with its format, role and the official parser's verdict. */
export function loadManifest(): CorpusEntry[] {
  const manifest = join(CORPUS_DIR, 'MANIFEST.tsv');
  assert.ok(
    existsSync(manifest),
    `The AsyncAPI corpus is missing: expected ${manifest} (shared/ beside the checkout or the repository it was cloned from, or WSAPI_SHARED set to its path).`,
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

/** Every corpus file with its value, read once for the tests of a file that go through them all (seconds). */
export const corpusRoots = (() => {
  let read: Array<{ readonly entry: CorpusEntry; readonly root: unknown }> | undefined;
  return () =>
    (read ??= loadManifest().map((entry) => ({
      entry,
      root: readDocument(readFileSync(join(CORPUS_DIR, entry.file), 'utf8'), entry.format).parsed?.root,
    })));
})();
