// Bounded fuzzing of the server over LSP: whatever the text, every edit is answered within 2 s and the server
// keeps answering. Seeded, so a failure replays.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, suite, test } from 'node:test';

import { ServerStatusRequest } from '../../core/src/protocol';
import { LspTestClient } from '../support/lspClient';
import { CORPUS_DIR } from '../support/paths';
import { seededRandom } from '../support/seeded';
import { testRuntime } from '../support/serverRuntime';

const ANSWER_WITHIN_MS = 2_000;

const SEEDS = [
  'real-world/unfoldedcircle__core-api__integration-api__UCR-integration-asyncapi.yaml',
  'spec-examples/asyncapi__spec@v3.0.0__examples__websocket-gemini-asyncapi.yml',
].map((file) => readFileSync(join(CORPUS_DIR, file), 'utf8'));

const NOISE = [
  ':',
  '-',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '&a',
  '*a',
  '!',
  '|',
  '>',
  '#',
  '\t',
  '\n',
  '  ',
  '%',
  '@',
  '`',
];

function mutations(): Array<[string, string]> {
  const next = seededRandom(20261128);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const cases: Array<[string, string]> = [];
  for (const [index, seed] of SEEDS.entries()) {
    for (let i = 0; i < 12; i++) {
      cases.push([`seed ${index} truncated #${i}`, seed.slice(0, Math.floor(next() * seed.length))]);
      let text = seed;
      for (let edit = 0; edit < 5; edit++) {
        const at = Math.floor(next() * text.length);
        text = text.slice(0, at) + pick(NOISE) + text.slice(at + Math.floor(next() * 4));
      }
      cases.push([`seed ${index} with random edits #${i}`, text]);
    }
  }
  cases.push(['deep flow nesting', `asyncapi: 2.6.0\nx: ${'['.repeat(20_000)}\n`]);
  cases.push([
    'deep block nesting',
    `asyncapi: 2.6.0\n${Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')}\n`,
  ]);
  cases.push([
    'deep JSON nesting',
    `{"asyncapi": "2.6.0", "x": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
  ]);
  cases.push(['a 2 MB line', `asyncapi: 2.6.0\ninfo:\n  title: ${'x'.repeat(2 * 1024 * 1024)}\n`]);
  cases.push([
    'a 2 MB quoted string never closed',
    `asyncapi: 2.6.0\ninfo:\n  title: "${'y'.repeat(2 * 1024 * 1024)}\n`,
  ]);
  cases.push([
    'ten thousand aliases',
    `asyncapi: 2.6.0\na: &a x\nb: [${Array(10_000).fill('*a').join(', ')}]\n`,
  ]);
  cases.push([
    'binary noise',
    String.fromCharCode(...Array.from({ length: 5_000 }, () => Math.floor(next() * 0xffff))),
  ]);
  return cases;
}

suite('LSP fuzz: no text crashes or hangs the server', () => {
  let client: LspTestClient;
  before(async () => {
    client = LspTestClient.inProcess(testRuntime());
    await client.initialize();
  });
  after(() => client.dispose());

  test('every edit is answered within 2 s, and the server still answers afterwards', async () => {
    const uri = 'file:///work/fuzz/asyncapi.yaml';
    await client.open(uri, 'yaml', 'asyncapi: 2.6.0\n');
    await client.diagnostics(uri);
    let version = 1;
    const slow: string[] = [];
    for (const [name, text] of mutations()) {
      version++;
      const expected = version;
      const started = performance.now();
      await client.replace(uri, text);
      await client.diagnostics(uri, (params) => params.version === expected, 10_000);
      const elapsed = performance.now() - started;
      if (elapsed > ANSWER_WITHIN_MS) {
        slow.push(`${name}: ${elapsed.toFixed(0)} ms`);
      }
    }
    assert.deepEqual(slow, []);
    const status = await client.request(ServerStatusRequest.type);
    assert.equal(status.documents, 1);
  });
});
