// Requests as an editor sends them, on the generated ~16k-line 3.0 and ~20k-line 2.6 documents, for the wsapi
// server and yaml-language-server (with the AsyncAPI schema of the document's version) in the same run:
// completion and hover at 20 positions of a document at rest; completion sent together with the one-line edit
// that triggers it (issue #13: p95 ≤ 20 ms); and completion, hover and document symbols asked every 10 ms while the
// document opens (issue #13: every request answered within 50 ms).
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type Position,
} from 'vscode-languageserver-protocol';

import { ServerStatusRequest } from '../core/src/protocol';
import { requireBuilt, SERVER_BUNDLE } from '../test/support/paths';
import { generateDocument } from '../core/src/document/sampleDocument';
import { LspProcess, startYamlLanguageServer } from './lspProcess';

const POSITIONS = 20;
/** The pause between two typed characters: a quick typist's pace. */
const TYPING_GAP_MS = 150;
/** How often a request is sent while the document opens, and for how long at most. */
const OPENING_EVERY_MS = 10;
const OPENING_AT_MOST_MS = 10_000;
const ANSWER_WAIT_MS = 5_000;
/** Targets of issue #13. */
const AFTER_EDIT_P95_MS = 20;
const WHILE_OPENING_MAX_MS = 50;

/** 20 positions spread over the document: on keys (even) and just inside values (odd). */
export function benchPositions(text: string): Position[] {
  const lines = text.split('\n');
  const positions: Position[] = [];
  for (let i = 0; i < POSITIONS; i++) {
    let line = Math.floor(((i + 0.5) * (lines.length - 1)) / POSITIONS);
    while (line < lines.length - 1 && !(lines[line] ?? '').includes(':')) {
      line++;
    }
    const content = lines[line] ?? '';
    const keyAt = content.length - content.trimStart().length;
    const colon = content.indexOf(': ');
    const character = i % 2 === 1 && colon !== -1 ? Math.min(colon + 3, content.length) : keyAt + 1;
    positions.push({ line, character });
  }
  return positions;
}

type Kind = 'completion' | 'hover' | 'documentSymbol';

/** A server to measure, started; `opened` resolves once it has read the document it was given (its diagnostics). */
interface Subject {
  readonly name: 'wsapi' | 'YLS';
  start(): Promise<LspProcess>;
  /** Resolves when the server has published what it makes of the document opened (or changed) as `version`. */
  settled(server: LspProcess, version: number, timeoutMs?: number): Promise<unknown>;
}

function subjects(uri: string, version: string): Subject[] {
  return [
    {
      name: 'wsapi',
      start: async () => {
        const server = new LspProcess([process.execPath, requireBuilt(SERVER_BUNDLE), '--stdio']);
        await server.initialize();
        // As in the other tables, a server that is ready: its parser loaded and warm.
        while (!(await server.connectionForRequests.sendRequest(ServerStatusRequest.type)).parserWarm) {
          await sleep(20);
        }
        return server;
      },
      // Its own checks, then the official parser's findings.
      settled: (server, at, timeoutMs) => server.nextPublication(uri, (p) => p.version === at, 2, timeoutMs),
    },
    {
      name: 'YLS',
      start: () => startYamlLanguageServer(uri, version),
      settled: (server, _at, timeoutMs) => server.nextPublication(uri, () => true, 1, timeoutMs),
    },
  ];
}

/** Sends a request and resolves with how long its answer took. */
async function timed(server: LspProcess, uri: string, kind: Kind, position: Position): Promise<number> {
  const connection = server.connectionForRequests;
  const textDocument = { uri };
  const started = performance.now();
  if (kind === 'completion') {
    await connection.sendRequest(CompletionRequest.type, { textDocument, position });
  } else if (kind === 'hover') {
    await connection.sendRequest(HoverRequest.type, { textDocument, position });
  } else {
    await connection.sendRequest(DocumentSymbolRequest.type, { textDocument });
  }
  return performance.now() - started;
}

/** Opens the document and waits until the server has read it. */
async function openSettled(subject: Subject, server: LspProcess, uri: string, text: string): Promise<void> {
  const settled = subject.settled(server, 1);
  await server.open(uri, 'yaml', text);
  await settled;
}

/** Completion and hover at each position of the document at rest. */
async function atRest(
  server: LspProcess,
  uri: string,
  positions: readonly Position[],
): Promise<{ completion: number[]; hover: number[] }> {
  // One request first, at the top of the document, so that lazy loading (schemas) is not counted.
  await timed(server, uri, 'completion', { line: 1, character: 1 });
  const completion: number[] = [];
  const hover: number[] = [];
  for (const position of positions) {
    completion.push(await timed(server, uri, 'completion', position));
    hover.push(await timed(server, uri, 'hover', position));
  }
  return { completion, hover };
}

/**
 * At each position in turn, a character typed and the completion it triggers sent with it (as VS Code sends
 * them: the change, then at once the request at the new cursor), a typist's pause between two: the completion's
 * latency.
 */
async function afterEdits(
  server: LspProcess,
  uri: string,
  positions: readonly Position[],
): Promise<number[]> {
  const times: number[] = [];
  for (const position of positions) {
    const edited = server.change(uri, { start: position, end: position }, 'x');
    const cursor = { line: position.line, character: position.character + 1 };
    times.push(await timed(server, uri, 'completion', cursor));
    await edited;
    await sleep(TYPING_GAP_MS);
  }
  return times;
}

/**
 * Opens the document on a fresh server and, every OPENING_EVERY_MS until the server has read it, sends a
 * completion, a hover or a document-symbols request (in turn, at the positions in turn) without waiting for the
 * answers: the latency of each by kind.
 */
async function whileOpening(
  subject: Subject,
  uri: string,
  text: string,
  positions: readonly Position[],
): Promise<Record<Kind, Opening>> {
  const server = await subject.start();
  // The server's first request (its lazy loading) before the document opens, as the editor's outline asks.
  await timed(server, uri, 'documentSymbol', { line: 0, character: 0 });
  const kinds: Kind[] = ['completion', 'hover', 'documentSymbol'];
  let done = false;
  const settled = subject
    .settled(server, 1, OPENING_AT_MOST_MS + ANSWER_WAIT_MS)
    .finally(() => (done = true));
  await server.open(uri, 'yaml', text);
  const opened = performance.now();
  const asked: Array<{ kind: Kind; sent: number; answer?: number }> = [];
  // A server that falls behind answers the requests long after: they are sent for OPENING_AT_MOST_MS at most,
  // and those still unanswered ANSWER_WAIT_MS after the document was read (or after the last was sent and then
  // ANSWER_WAIT_MS more) count as unanswered, with how long they had waited.
  for (let i = 0; !done && performance.now() - opened < OPENING_AT_MOST_MS; i++) {
    const kind = kinds[i % kinds.length] ?? 'completion';
    const request: { kind: Kind; sent: number; answer?: number } = { kind, sent: performance.now() };
    asked.push(request);
    void timed(server, uri, kind, positions[i % positions.length] ?? { line: 0, character: 0 }).then(
      (ms) => (request.answer = ms),
      () => undefined,
    );
    await sleep(OPENING_EVERY_MS);
  }
  // (A server whose requests queue up may not get to publishing either: it is not waited for longer.)
  await settled.catch(() => undefined);
  const deadline = performance.now() + ANSWER_WAIT_MS;
  while (asked.some(({ answer }) => answer === undefined) && performance.now() < deadline) {
    await sleep(20);
  }
  const now = performance.now();
  const times: Record<Kind, Opening> = {
    completion: { answered: [], unanswered: [] },
    hover: { answered: [], unanswered: [] },
    documentSymbol: { answered: [], unanswered: [] },
  };
  for (const { kind, sent, answer } of asked) {
    if (answer === undefined) {
      times[kind].unanswered.push(now - sent);
    } else {
      times[kind].answered.push(answer);
    }
  }
  await server.stop();
  return times;
}

/** The latencies of the requests sent while a document opened, and how long the unanswered ones had waited. */
interface Opening {
  readonly answered: number[];
  readonly unanswered: number[];
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? NaN;
}

const cell = (value: number): string => value.toFixed(1);

/** Prints the tables for the generated 2.6 and 3.0 documents, with PASS/MISS against issue #13's targets. */
export async function runRequestBench(): Promise<void> {
  for (const version of ['2.6.0', '3.0.0'] as const) {
    await benchVersion(version);
  }
}

async function benchVersion(version: '2.6.0' | '3.0.0'): Promise<void> {
  const text = generateDocument(version, 20_000);
  const uri = `file:///bench/requests-${version}.yaml`;
  const positions = benchPositions(text);
  const lines = text.split('\n').length - 1;
  const rows: string[][] = [];
  const opening: string[][] = [];
  for (const subject of subjects(uri, version)) {
    console.error(`bench:lsp requests: ${subject.name}, generated ${version} ${lines} lines...`);
    const server = await subject.start();
    await openSettled(subject, server, uri, text);
    const rest = await atRest(server, uri, positions);
    const edits = await afterEdits(server, uri, positions);
    await server.stop();
    const during = await whileOpening(subject, uri, text, positions);
    const editP95 = percentile(edits, 0.95);
    for (const [name, values] of [
      ['completion', rest.completion],
      ['hover', rest.hover],
      ['completion sent with its edit', edits],
    ] as const) {
      // The targets are wsapi's; yaml-language-server is the reference.
      const verdict =
        values === edits && subject.name === 'wsapi' ? (editP95 <= AFTER_EDIT_P95_MS ? 'PASS' : 'MISS') : '';
      rows.push([subject.name, name, cell(percentile(values, 0.5)), cell(percentile(values, 0.95)), verdict]);
    }
    const row = (name: string, { answered, unanswered }: Opening): string[] => {
      const all = [...answered, ...unanswered];
      return [
        subject.name,
        name,
        String(all.length),
        String(unanswered.length),
        cell(percentile(all, 0.5)),
        cell(percentile(all, 0.95)),
        `${unanswered.length > 0 ? '> ' : ''}${cell(Math.max(...all))}`,
      ];
    };
    for (const kind of ['completion', 'hover', 'documentSymbol'] as const) {
      opening.push([...row(kind, during[kind]), '']);
    }
    const together: Opening = {
      answered: Object.values(during).flatMap(({ answered }) => answered),
      unanswered: Object.values(during).flatMap(({ unanswered }) => unanswered),
    };
    const worst = Math.max(...together.answered, ...together.unanswered);
    const verdict = subject.name === 'wsapi' ? (worst <= WHILE_OPENING_MAX_MS ? 'PASS' : 'MISS') : '';
    opening.push([...row('all', together), verdict]);
  }
  console.log(
    `\nRequests on the generated ${version} document, ${lines} lines, ${positions.length} positions (ms):\n`,
  );
  console.log('| server | request | p50 | p95 | target (p95 ≤ 20 ms) |');
  console.log('|---|---|---|---|---|');
  rows.forEach((row) => console.log(`| ${row.join(' | ')} |`));
  console.log(
    `\nRequests every ${OPENING_EVERY_MS} ms while the ${version} document opens, until its diagnostics are in (ms):\n`,
  );
  console.log('| server | request | sent | unanswered | p50 | p95 | max | target (every one ≤ 50 ms) |');
  console.log('|---|---|---|---|---|---|---|---|');
  opening.forEach((row) => console.log(`| ${row.join(' | ')} |`));
}
