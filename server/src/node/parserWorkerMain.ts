// Worker thread that runs the official AsyncAPI parser, so its 0.1 to 1 s parses never block the server.
import { Parser } from '@asyncapi/parser';
import { parentPort } from 'node:worker_threads';

import type { ParseRequest, ParseResponse, ParserFinding } from '../officialParser/protocol';

const parser = new Parser();
const port = parentPort;
if (port === null) {
  throw new Error('parserWorkerMain runs as a worker thread');
}

port.on('message', (request: ParseRequest) => {
  void parse(request).then((response) => port.postMessage(response));
});

async function parse({ id, text, source }: ParseRequest): Promise<ParseResponse> {
  try {
    const { diagnostics } = await parser.parse(text, source === undefined ? {} : { source });
    const findings: ParserFinding[] = diagnostics.map((diagnostic) => ({
      code: String(diagnostic.code),
      message: diagnostic.message,
      severity: diagnostic.severity,
      path: diagnostic.path,
      range: diagnostic.range,
    }));
    return { id, findings };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}
