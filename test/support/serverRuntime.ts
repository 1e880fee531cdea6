import { join } from 'node:path';

import type { RuntimeEnvironment } from '../../server/src/runtime';
import { findProjectFileUris, nodeTimer, readFileUri } from '../../server/src/node/nodeRuntime';
import { OfficialParserWorker } from '../../server/src/node/officialParserWorker';
import { SPEC_VALIDATORS_FOLDER, specValidatorFiles } from '../../server/src/node/specValidatorFiles';
import { REPO_ROOT, requireBuilt } from './paths';

/** The server's runtime for in-process tests: real timers with a short typing pause, the real parser worker. */
export function testRuntime(options: { officialParser?: boolean } = {}): RuntimeEnvironment {
  return {
    timer: nodeTimer,
    readFile: readFileUri,
    findProjectFiles: findProjectFileUris,
    validationDelayMs: 5,
    parserDelayMs: 20,
    specValidator: specValidatorFiles(requireBuilt(join(REPO_ROOT, 'dist', SPEC_VALIDATORS_FOLDER))),
    ...(options.officialParser === false
      ? {}
      : {
          officialParser: new OfficialParserWorker(requireBuilt(join(REPO_ROOT, 'dist', 'parserWorker.js'))),
        }),
  };
}
