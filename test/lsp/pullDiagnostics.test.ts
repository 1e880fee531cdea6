import assert from 'node:assert/strict';
import { after, before, suite, test } from 'node:test';
import {
  DocumentSymbolRequest,
  HoverRequest,
  type Diagnostic,
  type DocumentDiagnosticReport,
} from 'vscode-languageserver-protocol';

import { generateDocument } from '../../core/src/document/sampleDocument';
import { ServerStatusRequest } from '../../core/src/protocol';
import { LspTestClient } from '../support/lspClient';
import { testRuntime } from '../support/serverRuntime';

const BROKEN = 'asyncapi: 2.6.0\ninfo:\n  title: Chat\n version: 1.0.0\nchannels: {}\n';
const FIXED = 'asyncapi: 2.6.0\ninfo:\n  title: Chat\n  version: 1.0.0\nchannels: {}\n';
/** Valid YAML with a message reference to nothing: only the official parser reports it. */
const DANGLING_REF = `asyncapi: 2.6.0
info:
  title: Chats
  version: 1.0.0
channels:
  /rooms:
    subscribe:
      message:
        $ref: '#/components/messages/Missing'
`;

function items(report: DocumentDiagnosticReport): Diagnostic[] {
  assert.equal(report.kind, 'full', `expected a full report, got ${JSON.stringify(report)}`);
  return report.kind === 'full' ? report.items : [];
}

suite('LSP: pull diagnostics, for clients that can pull', () => {
  let client: LspTestClient;
  let pullAgain = 0;
  let pulledAgain: (() => void) | undefined;
  before(async () => {
    client = LspTestClient.inProcess(testRuntime());
    client.onPullAgain(() => {
      pullAgain++;
      pulledAgain?.();
    });
    const result = await client.initialize([], { diagnostics: { refreshSupport: true } }, { diagnostic: {} });
    assert.deepEqual(result.capabilities.diagnosticProvider, {
      interFileDependencies: true,
      workspaceDiagnostics: false,
    });
  });
  after(() => client.dispose());

  test('an open document answers a pull with its syntax error, and nothing is pushed for it', async () => {
    const uri = 'file:///work/pull/asyncapi.yaml';
    await client.open(uri, 'yaml', BROKEN);
    const diagnostics = items(await client.pull(uri));
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
      [['yaml-syntax', 3]],
    );
    assert.equal(client.published.filter((params) => params.uri === uri).length, 0);
  });

  test('a pull right after an edit answers for the edited text, and an unchanged result says so', async () => {
    const uri = 'file:///work/pull/asyncapi.yaml';
    await client.replace(uri, FIXED);
    const report = await client.pull(uri);
    assert.deepEqual(items(report), []);
    const again = await client.pull(uri, report.kind === 'full' ? report.resultId : undefined);
    assert.equal(again.kind, 'unchanged');
  });

  test("the parser's findings come with a request to pull again", async () => {
    const uri = 'file:///work/pull/refs/asyncapi.yaml';
    const asked = pullAgain;
    const refreshed = new Promise<void>((resolve) => (pulledAgain = resolve));
    await client.open(uri, 'yaml', DANGLING_REF);
    const first = items(await client.pull(uri));
    assert.ok(!first.some((diagnostic) => diagnostic.source === 'asyncapi-parser'));
    // The parser's worker answers in its own time: the server asks the client to pull again.
    for (let tries = 0; tries < 100; tries++) {
      await refreshed;
      const later = items(await client.pull(uri));
      if (later.some((diagnostic) => diagnostic.source === 'asyncapi-parser')) {
        assert.ok(pullAgain > asked);
        return;
      }
      await new Promise<void>((resolve) => (pulledAgain = resolve));
    }
    assert.fail('the parser findings never reached a pull');
  });

  test('a closed document has nothing to pull', async () => {
    const uri = 'file:///work/pull/asyncapi.yaml';
    await client.close(uri);
    assert.deepEqual(items(await client.pull(uri)), []);
  });
});

suite('LSP: clients that cannot pull get pushed diagnostics', () => {
  test('no diagnostic provider is announced, and an opened document gets its diagnostics pushed', async () => {
    const client = LspTestClient.inProcess(testRuntime({ officialParser: false }));
    try {
      const result = await client.initialize([], {}, {});
      assert.equal(result.capabilities.diagnosticProvider, undefined);
      const uri = 'file:///work/push/asyncapi.yaml';
      await client.open(uri, 'yaml', BROKEN);
      const { diagnostics } = await client.diagnostics(uri);
      assert.equal(diagnostics[0]?.code, 'yaml-syntax');
    } finally {
      await client.dispose();
    }
  });
});

suite('LSP: a large document is read in slices when it opens', () => {
  test('the server answers a request before the first diagnostics of a 20,000-line document', async () => {
    const client = LspTestClient.inProcess(testRuntime({ officialParser: false }));
    try {
      await client.initialize();
      const uri = 'file:///work/large/asyncapi.yaml';
      await client.open(uri, 'yaml', generateDocument('2.6.0', 20_000));
      await client.request(ServerStatusRequest.type);
      const answered = client.published.filter((params) => params.uri === uri).length;
      assert.equal(answered, 0, 'the request waited for the whole first parse');
      const { diagnostics } = await client.diagnostics(uri, () => true, 60_000);
      assert.deepEqual(diagnostics, []);
    } finally {
      await client.dispose();
    }
  });

  test('the outline asked as a 20,000-line document opens comes once it is read, and holds up no hover', async () => {
    const client = LspTestClient.inProcess(testRuntime({ officialParser: false }));
    try {
      await client.initialize();
      const uri = 'file:///work/large/asyncapi.yaml';
      const textDocument = { uri };
      await client.open(uri, 'yaml', generateDocument('2.6.0', 20_000));
      const answered: string[] = [];
      const outline = client.send(DocumentSymbolRequest.type, { textDocument }).then((symbols) => {
        answered.push('outline');
        return symbols;
      });
      const hover = await client.send(HoverRequest.type, {
        textDocument,
        position: { line: 1, character: 2 },
      });
      answered.push('hover');
      assert.match(JSON.stringify(hover), /metadata about the API/, 'the hover of `info` was answered');
      const symbols = (await outline) ?? [];
      assert.deepEqual(answered, ['hover', 'outline'], 'the hover waited for the outline');
      assert.deepEqual(
        symbols.map(({ name }) => name),
        ['asyncapi', 'info', 'servers', 'channels', 'components'],
      );
      await client.diagnostics(uri, () => true, 60_000);
      const again = await client.send(DocumentSymbolRequest.type, { textDocument });
      assert.deepEqual(again, symbols, 'the outline asked while the document opened is the one of the text');
    } finally {
      await client.dispose();
    }
  });
});
