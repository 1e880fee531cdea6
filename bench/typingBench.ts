// "Schema errors while typing": one-line edits of the kinds a person makes (a wrong type, a typo'd key, a
// missing required property, a wrong enum value) at the start, middle and end of a document, timed from the edit
// to the first diagnostic on the edited line (the line that should hold it), for the wsapi server and
// yaml-language-server (with the AsyncAPI JSON Schema of the document's version) in the same run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

import { generateDocument } from '../core/src/document/sampleDocument';
import { typingEdits, type TypingEdit } from '../core/src/document/sampleEdits';
import { CORPUS_DIR, requireBuilt, SERVER_BUNDLE } from '../test/support/paths';
import { LspProcess, startYamlLanguageServer } from './lspProcess';

interface TypingSubject {
  readonly name: string;
  readonly text: string;
  readonly uri: string;
  readonly version: string;
}

const onLine =
  (line: number) =>
  (params: PublishDiagnosticsParams): boolean =>
    params.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error && d.range.start.line === line);

/** How long to wait for a diagnostic on the line before counting the edit as not reported. */
const NO_REPORT_MS = 15_000;

/**
 * Times each edit on one server: from sending it to the first publication with an error on its line; then the
 * edit is undone and the next waits until the server has settled (`settle`).
 */
async function timeEdits(
  server: LspProcess,
  subject: TypingSubject,
  edits: readonly TypingEdit[],
  settle: (server: LspProcess, version: number) => Promise<unknown>,
): Promise<number[]> {
  const times: number[] = [];
  for (const edit of edits) {
    const reported = server.nextPublication(subject.uri, onLine(edit.line), 1, NO_REPORT_MS);
    const started = performance.now();
    await server.change(subject.uri, edit.range, edit.text);
    times.push(
      await reported.then(
        ({ at }) => at - started,
        () => NaN,
      ),
    );
    const version = await server.change(subject.uri, edit.undo.range, edit.undo.text);
    await settle(server, version);
  }
  return times;
}

async function wsapiTimes(subject: TypingSubject, edits: readonly TypingEdit[]): Promise<number[]> {
  const server = new LspProcess([process.execPath, requireBuilt(SERVER_BUNDLE), '--stdio']);
  await server.initialize();
  // The document open, with the official parser's findings in: then the typing starts.
  const full = server.nextPublication(subject.uri, (p) => p.version === 1, 2);
  await server.open(subject.uri, 'yaml', subject.text);
  await full.catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  // After each undo, the parser's findings of the undone text: its worker is idle for the next edit.
  const times = await timeEdits(server, subject, edits, (s, version) =>
    s.nextPublication(subject.uri, (p) => p.version === version, 2).catch(() => undefined),
  );
  await server.stop();
  return times;
}

async function yamlLanguageServerTimes(
  subject: TypingSubject,
  edits: readonly TypingEdit[],
): Promise<number[]> {
  const server = await startYamlLanguageServer(subject.uri, subject.version);
  const first = server.nextPublication(subject.uri);
  await server.open(subject.uri, 'yaml', subject.text);
  await first;
  const times = await timeEdits(server, subject, edits, (s) =>
    s.nextPublication(subject.uri).catch(() => undefined),
  );
  await server.stop();
  return times;
}

function typingSubjects(quick: boolean): TypingSubject[] {
  const sizes = quick ? [200, 20_000] : [200, 2_000, 20_000];
  const generated = (['2.6.0', '3.0.0'] as const).flatMap((version) =>
    sizes.map((lines) => {
      const text = generateDocument(version, lines);
      return {
        name: `generated ${version} ${text.split('\n').length - 1} lines`,
        text,
        uri: `file:///bench/typing-${version}-${lines}.yaml`,
        version,
      };
    }),
  );
  const corpus = (
    quick
      ? []
      : [
          'real-world/unfoldedcircle__core-api__core-api__websocket__UCR-core-asyncapi.yaml',
          'real-world/deepgram__deepgram-api-specs__asyncapi.yml',
        ]
  ).map((file) => {
    const path = join(CORPUS_DIR, file);
    const text = readFileSync(path, 'utf8');
    return {
      name: `${file.split('/').pop() ?? file} ${text.split('\n').length} lines`,
      text,
      uri: pathToFileURL(path).href,
      version: /asyncapi["']?\s*:\s*["']?([0-9.]+)/.exec(text)?.[1] ?? '?',
    };
  });
  return [...generated, ...corpus];
}

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : 'none');

/** Prints the table "schema errors while typing" with the targets' verdicts. */
export async function runTypingBench(quick: boolean, only?: string): Promise<void> {
  const rows: string[][] = [];
  const misses: string[] = [];
  for (const subject of typingSubjects(quick).filter(({ name }) => name.includes(only ?? ''))) {
    console.error(`bench:lsp typing: ${subject.name}...`);
    const edits = typingEdits(subject.text);
    const ours = await wsapiTimes(subject, edits);
    const yls = await yamlLanguageServerTimes(subject, edits);
    const lines = subject.text.split('\n').length;
    const target = lines <= 1_000 ? 25 : 50;
    edits.forEach((edit, index) => {
      const wsapi = ours[index] ?? NaN;
      const other = yls[index] ?? NaN;
      const ratio = other / wsapi;
      const pass = wsapi <= target && (!Number.isFinite(other) || ratio >= 10);
      if (!pass) {
        misses.push(`${subject.name} ${edit.kind} ${edit.at}`);
      }
      rows.push([
        subject.name,
        edit.kind,
        `${edit.at} (line ${edit.line + 1})`,
        ms(wsapi),
        ms(other),
        Number.isFinite(ratio) ? ratio.toFixed(1) : 'n/a',
        pass ? 'PASS' : 'MISS',
      ]);
    });
  }
  const header = ['document', 'edit', 'at', 'wsapi ms', 'YLS ms', 'YLS/wsapi ×', `target`];
  console.log('\nSchema errors while typing (edit → first diagnostic on the edited line)\n');
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) {
    console.log(`| ${row.join(' | ')} |`);
  }
  console.log(
    `\nTargets: ≤ 25 ms up to 1,000 lines, ≤ 50 ms above, and at least 10× faster than yaml-language-server` +
      ` (its 'none': no diagnostic on that line within ${NO_REPORT_MS / 1000} s). ${misses.length === 0 ? 'All rows PASS.' : `MISS: ${misses.join('; ')}.`}`,
  );
}
