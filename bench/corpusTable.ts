// The per-document table of the AsyncAPI corpus (../shared/corpus): what wsapi's own checks say of each real
// document, how long they take, and what the official parser said of it (from the corpus manifest).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';

import { doValidation } from '../server/src/service/validation';
import { loadManifest } from '../test/support/corpus';
import { CORPUS_DIR } from '../test/support/paths';

export function printCorpusTable(): void {
  const rows: string[][] = [];
  let crashes = 0;
  const unexplained: string[] = [];
  for (const entry of loadManifest()) {
    const text = readFileSync(join(CORPUS_DIR, entry.file), 'utf8');
    const uri = `file:///corpus/${entry.file}`;
    const document = TextDocument.create(uri, entry.format, 1, text);
    const started = performance.now();
    let errors: string[];
    try {
      errors = doValidation(document)
        .diagnostics.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error)
        .map((diagnostic) => String(diagnostic.code));
    } catch (error) {
      crashes++;
      errors = [`CRASH: ${error instanceof Error ? error.message : String(error)}`];
    }
    const ms = performance.now() - started;
    const codes = [...new Set(errors)];
    // wsapi's rules may reject what the parser accepts (a WebSocket API needs ws/wss servers...); syntax may not.
    if (
      entry.parserAcceptedIt &&
      codes.some((code) => /^(yaml|json)-/.test(code) || code.startsWith('CRASH'))
    ) {
      unexplained.push(entry.file);
    }
    rows.push([
      entry.file,
      entry.format,
      entry.role,
      String(text.split('\n').length),
      ms.toFixed(1),
      entry.parserAcceptedIt ? 'accepts' : 'rejects',
      codes.length === 0
        ? '-'
        : codes.map((code) => `${code}×${errors.filter((e) => e === code).length}`).join(' '),
    ]);
  }
  const header = ['document', 'format', 'role', 'lines', 'wsapi ms', 'official parser', 'wsapi errors'];
  console.log(`\n| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) {
    console.log(`| ${row.join(' | ')} |`);
  }
  const withErrors = rows.filter((row) => row[5] === 'accepts' && row[6] !== '-');
  console.log(
    `\nCorpus: ${rows.length} documents, ${crashes} crashes; ${withErrors.length} documents the official parser accepts` +
      ` have wsapi errors (WebSocket/WSO2 rules), ${unexplained.length} of them syntax errors or crashes` +
      `${unexplained.length > 0 ? `: ${unexplained.join(', ')}` : ''}.`,
  );
}
