// Completion and hover latency at 20 positions of the ~20k-line generated document: the wsapi server and
// yaml-language-server (with the AsyncAPI schema of the document's version) at the same positions, same run.
import { CompletionRequest, HoverRequest, type Position } from 'vscode-languageserver-protocol';

import { requireBuilt, SERVER_BUNDLE } from '../test/support/paths';
import { generateDocument } from '../core/src/document/sampleDocument';
import { LspProcess, startYamlLanguageServer } from './lspProcess';

const POSITIONS = 20;

interface Latencies {
  readonly completion: number[];
  readonly hover: number[];
  /** Completion sent right after a one-line edit: the document is read again for its new version. */
  readonly afterEdit: number[];
}

/** The line the edits change: `description: Generated for benchmarks.` near the top. */
const EDITED_LINE = 4;

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

async function measure(
  server: LspProcess,
  uri: string,
  text: string,
  positions: readonly Position[],
): Promise<Latencies> {
  const connection = server.connectionForRequests;
  const textDocument = { uri };
  // One request first, at the top of the document, so that lazy loading (schemas) is not counted.
  await connection.sendRequest(CompletionRequest.type, { textDocument, position: { line: 1, character: 1 } });
  const completion: number[] = [];
  const hover: number[] = [];
  for (const position of positions) {
    let started = performance.now();
    await connection.sendRequest(CompletionRequest.type, { textDocument, position });
    completion.push(performance.now() - started);
    started = performance.now();
    await connection.sendRequest(HoverRequest.type, { textDocument, position });
    hover.push(performance.now() - started);
  }
  const afterEdit: number[] = [];
  let line = text.split('\n')[EDITED_LINE] ?? '';
  for (const position of positions) {
    await server.editLine(uri, EDITED_LINE, `${line} `, line.length);
    line = `${line} `;
    const started = performance.now();
    await connection.sendRequest(CompletionRequest.type, { textDocument, position });
    afterEdit.push(performance.now() - started);
  }
  return { completion, hover, afterEdit };
}

/** Opens the document, waits for its first diagnostics (the server has read it), measures, stops the server. */
async function openAndMeasure(
  server: LspProcess,
  uri: string,
  text: string,
  positions: readonly Position[],
): Promise<Latencies> {
  const first = server.nextPublication(uri);
  await server.open(uri, 'yaml', text);
  await first;
  const latencies = await measure(server, uri, text, positions);
  await server.stop();
  return latencies;
}

async function ours(uri: string, text: string, positions: readonly Position[]): Promise<Latencies> {
  const server = new LspProcess([process.execPath, requireBuilt(SERVER_BUNDLE), '--stdio']);
  await server.initialize();
  return openAndMeasure(server, uri, text, positions);
}

function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? NaN;
}

/** Prints the table: p50/p95 per request kind for both servers, and how many times faster wsapi is. */
export async function runRequestBench(): Promise<void> {
  for (const version of ['2.6.0', '3.0.0']) {
    await benchVersion(version);
  }
}

async function benchVersion(version: string): Promise<void> {
  const text = generateDocument(version === '2.6.0' ? '2.6.0' : '3.0.0', 20_000);
  const uri = `file:///bench/requests-${version}.yaml`;
  const positions = benchPositions(text);
  console.error(`bench:lsp: completion and hover at ${positions.length} positions...`);
  const wsapi = await ours(uri, text, positions);
  const yls = await openAndMeasure(await startYamlLanguageServer(uri, version), uri, text, positions);
  const lines = text.split('\n').length - 1;
  console.log(
    `\nCompletion and hover, generated ${version} ${lines} lines, ${positions.length} positions (ms):\n`,
  );
  console.log('| request | wsapi p50 | wsapi p95 | YLS p50 | YLS p95 | YLS/wsapi p50 × | YLS/wsapi p95 × |');
  console.log('|---|---|---|---|---|---|---|');
  for (const kind of ['completion', 'hover', 'afterEdit'] as const) {
    const [a50, a95, b50, b95] = [
      percentile(wsapi[kind], 0.5),
      percentile(wsapi[kind], 0.95),
      percentile(yls[kind], 0.5),
      percentile(yls[kind], 0.95),
    ];
    const cells = [a50, a95, b50, b95].map((value) => value.toFixed(1));
    console.log(
      `| ${kind === 'afterEdit' ? 'completion after an edit' : kind} | ${cells.join(' | ')} | ${(b50 / a50).toFixed(1)} | ${(b95 / a95).toFixed(1)} |`,
    );
  }
}
