import assert from 'node:assert/strict';
import { suite, test } from 'node:test';
import {
  DocumentSymbolRequest,
  FoldingRangeRequest,
  type DocumentSymbol,
  type FoldingRange,
} from 'vscode-languageserver-protocol';

import { generateDocument } from '../../core/src/document/sampleDocument';
import { LspTestClient } from '../support/lspClient';
import { testRuntime } from '../support/serverRuntime';

const URI = 'file:///work/large.asyncapi.yaml';

/** What the outline and folding of a document are, as a client sees them. */
async function navigation(
  client: LspTestClient,
): Promise<{ symbols: DocumentSymbol[]; folding: FoldingRange[] }> {
  const textDocument = { uri: URI };
  const symbols = (await client.send(DocumentSymbolRequest.type, { textDocument })) as DocumentSymbol[];
  const folding = (await client.send(FoldingRangeRequest.type, { textDocument })) ?? [];
  return { symbols, folding };
}

suite('Navigation of a large document read in pieces', () => {
  test('after one-line edits, the outline and folding are those a fresh server computes', async () => {
    const text = generateDocument('2.6.0', 4000);
    assert.ok(text.length > 64 * 1024, 'large enough to be parsed in pieces');
    // A member added in the middle moves every line below it; a channel renamed near the end; a parameter that
    // is not declared, asked about before validation has read it.
    const added = text.replace(
      '      operationId: receiveTicker50\n',
      '      operationId: receiveTicker50\n      x-note: added\n',
    );
    const renamed = added.replace('  /markets/{market}/ticker100:\n', '  /markets/{market}/renamed:\n');
    const undeclared = renamed.replace('  /markets/{market}/ticker7:\n', '  /markets/{region}/ticker7:\n');
    const edits = [added, renamed, undeclared];
    const client = LspTestClient.inProcess(testRuntime({ officialParser: false }));
    await client.initialize();
    await client.open(URI, 'yaml', text);
    await client.diagnostics(URI, (params) => params.version === 1);
    const before = await navigation(client);
    const answers = [];
    for (const [index, next] of edits.entries()) {
      await client.replace(URI, next);
      if (next !== undeclared) {
        // Validation has parsed the new text in pieces: navigation reads its tree from them.
        await client.diagnostics(URI, (params) => params.version === index + 2);
      }
      answers.push(await navigation(client));
    }
    const published = await client.diagnostics(URI, (params) => params.version === edits.length + 1);
    await client.dispose();

    for (const [index, next] of edits.entries()) {
      const fresh = LspTestClient.inProcess(testRuntime({ officialParser: false }));
      await fresh.initialize();
      await fresh.open(URI, 'yaml', next);
      const expected = await navigation(fresh);
      if (next === undeclared) {
        // Navigation's parse of the text ahead of validation leaves the diagnostics as they would be.
        const first = await fresh.diagnostics(URI, (params) => params.version === 1);
        assert.deepEqual(published.diagnostics, first.diagnostics);
        assert.ok(published.diagnostics.length > 0, 'the undeclared parameter is reported');
      }
      await fresh.dispose();
      assert.deepEqual(answers[index], expected, `after edit ${index + 1}`);
    }
    assert.notDeepEqual(answers[0]?.folding, before.folding);
    const channels = (answers[1]?.symbols ?? []).find((symbol) => symbol.name === 'channels');
    assert.ok(channels?.children?.some((channel) => channel.name === '/markets/{market}/renamed'));
  });
});
