// Worker thread that runs the official AsyncAPI parser, so its 0.1 to 1 s parses never block the server.
import { Parser } from '@asyncapi/parser';
import specs from '@asyncapi/specs';
import { constants, setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';

import { didYouMean, schemaVocabulary } from '../../../core/src';

import type { ParseRequest, ParseResponse, ParserFinding } from '../officialParser/protocol';
import { parserOptions } from './parserRuleset';

// Below the server's own thread when the cores are busy, so that answering the editor and wsapi's own checks come
// first. Only on Linux, where a priority is a thread's own; elsewhere it would lower the whole server.
if (process.platform === 'linux') {
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // not allowed here: the parser runs at the server's priority
  }
}

const parser = new Parser(parserOptions());
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
    const findings: ParserFinding[] = diagnostics.map((diagnostic) => {
      const suggestion = suggestKey(text, diagnostic.message);
      return {
        code: String(diagnostic.code),
        message: diagnostic.message,
        severity: diagnostic.severity,
        path: diagnostic.path,
        range: diagnostic.range,
        ...(suggestion === undefined ? {} : { suggestion }),
      };
    });
    return { id, findings };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}

const vocabularies = new Map<string, Set<string>>();

/** For "Property X is not expected to be here": the closest property name of the document's spec version. */
function suggestKey(text: string, message: string): string | undefined {
  const key = /^Property "(.+)" is not expected to be here$/.exec(message)?.[1];
  const version = /^\s*["']?asyncapi["']?\s*:\s*["']?([0-9.]+)/m.exec(text)?.[1];
  const schema = version === undefined ? undefined : (specs.schemas as Record<string, unknown>)[version];
  if (key === undefined || version === undefined || schema === undefined) {
    return undefined;
  }
  let vocabulary = vocabularies.get(version);
  if (vocabulary === undefined) {
    vocabulary = schemaVocabulary(schema);
    vocabularies.set(version, vocabulary);
  }
  return didYouMean(key, vocabulary);
}
