import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';

import { startServer } from '../languageServer';
import { formatError } from '../utils/runner';
import { OfficialParserWorker } from './officialParserWorker';
import { SPEC_VALIDATORS_FOLDER, specValidatorFiles } from './specValidatorFiles';
import {
  createDirectoryUri,
  findProjectFileUris,
  listDirectoryUri,
  nodeTimer,
  readFileUri,
  writeFileUri,
} from './nodeRuntime';

// Transport from the command line: --stdio, --node-ipc or --socket=N (vscode-languageserver reads argv).
const connection = createConnection(ProposedFeatures.all);

// stdout may be the LSP channel: everything printed goes to the client's log instead.
console.log = connection.console.log.bind(connection.console);
console.error = connection.console.error.bind(connection.console);
process.on('unhandledRejection', (error) =>
  connection.console.error(formatError('Unhandled rejection', error)),
);
process.on('uncaughtException', (error) =>
  connection.console.error(formatError('Uncaught exception', error)),
);

startServer(connection, {
  timer: nodeTimer,
  readFile: readFileUri,
  listDirectory: listDirectoryUri,
  writeFile: writeFileUri,
  createDirectory: createDirectoryUri,
  findProjectFiles: findProjectFileUris,
  validationDelayMs: 15,
  parserDelayMs: 400,
  // dist/parserWorker.js sits beside this bundle (dist/server.js).
  officialParser: new OfficialParserWorker(join(__dirname, 'parserWorker.js')),
  specValidator: specValidatorFiles(join(__dirname, SPEC_VALIDATORS_FOLDER)),
});
