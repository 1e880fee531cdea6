/**
 * The size of the generated documents the language server and its parser's worker warm up on: large enough to be
 * read in pieces, and to run the parser's code hot.
 */
export const WARM_UP_LINES = 3000;

/**
 * Generates valid WebSocket API documents of about `lines` lines, AsyncAPI 2.6 or 3.0: for benchmarks, tests,
 * and the language server's warm-up.
 */
export function generateDocument(version: '2.6.0' | '3.0.0', lines: number): string {
  const out: string[] = [];
  const push = (...more: string[]): void => void out.push(...more);
  push(
    `asyncapi: ${version}`,
    'info:',
    '  title: Market data',
    '  version: 1.0.0',
    '  description: Generated for benchmarks.',
  );
  push('servers:', '  production:');
  push(
    ...(version === '2.6.0'
      ? ['    url: wss://stream.example.com', '    protocol: wss']
      : ['    host: stream.example.com', '    protocol: wss']),
  );
  const perTopic = version === '2.6.0' ? 36 : 44;
  const topics = Math.max(1, Math.round((lines - 10) / perTopic));
  push('channels:');
  for (let i = 0; i < topics; i++) {
    if (version === '2.6.0') {
      push(
        `  /markets/{market}/ticker${i}:`,
        '    parameters:',
        '      market:',
        '        schema:',
        '          type: string',
      );
      push(
        '    subscribe:',
        `      operationId: receiveTicker${i}`,
        '      message:',
        `        $ref: '#/components/messages/Ticker${i}'`,
      );
      push(
        '    publish:',
        `      operationId: sendTicker${i}`,
        '      message:',
        `        $ref: '#/components/messages/Ticker${i}'`,
      );
    } else {
      push(
        `  ticker${i}:`,
        `    address: /markets/{market}/ticker${i}`,
        '    parameters:',
        '      market: {}',
      );
      push('    messages:', `      ticker${i}:`, `        $ref: '#/components/messages/Ticker${i}'`);
    }
  }
  if (version === '3.0.0') {
    push('operations:');
    for (let i = 0; i < topics; i++) {
      push(
        `  receiveTicker${i}:`,
        '    action: receive',
        '    channel:',
        `      $ref: '#/channels/ticker${i}'`,
      );
    }
  }
  push('components:', '  messages:');
  for (let i = 0; i < topics; i++) {
    push(
      `    Ticker${i}:`,
      `      name: Ticker${i}`,
      '      contentType: application/json',
      '      payload:',
      `        $ref: '#/components/schemas/Ticker${i}'`,
    );
  }
  push('  schemas:');
  for (let i = 0; i < topics; i++) {
    push(`    Ticker${i}:`, '      type: object', '      required: [symbol, price]', '      properties:');
    for (const [name, type] of [
      ['symbol', 'string'],
      ['price', 'number'],
      ['volume', 'number'],
      ['time', 'string'],
      ['side', 'string'],
    ]) {
      push(`        ${name}:`, `          type: ${type}`, `          description: The ${name} of tick ${i}.`);
    }
  }
  return out.join('\n') + '\n';
}
