// One script, the bundles: the VS Code extension, the language server (with its parser worker and the validators
// of the AsyncAPI specification's schemas) and the gateway CLI.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';

import { specValidatorSources } from './scripts/specValidators.mjs';

const require = createRequire(import.meta.url);

/**
 * The AsyncAPI parser as Node loads it (its CommonJS build), so that the worker's deep imports of its ruleset
 * (server/src/node/parserRuleset.ts) and the parser itself are one copy of the same modules, as in the tests.
 */
const asyncApiParserAsNodeLoadsIt = {
  name: 'asyncapi-parser-cjs',
  setup(build) {
    build.onResolve({ filter: /^@asyncapi\/parser$/ }, () => ({ path: require.resolve('@asyncapi/parser') }));
  },
};

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  // jsonc-parser's UMD build hides its requires from bundlers: take the ESM build.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  logOverride: { 'import-is-undefined': 'error' },
};

const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/node/serverMain.ts'], outfile: 'dist/server.js' },
  // The official AsyncAPI parser runs in a worker thread of the server.
  {
    entryPoints: ['server/src/node/parserWorkerMain.ts'],
    outfile: 'dist/parserWorker.js',
    plugins: [asyncApiParserAsNodeLoadsIt],
  },
  {
    entryPoints: ['gateway/src/node/gatewayMain.ts'],
    outfile: 'dist/gateway.js',
    // ws loads these optional native helpers when present; the gateway does not need them.
    external: ['bufferutil', 'utf-8-validate'],
    banner: { js: '#!/usr/bin/env node' },
  },
];

// ajv's standalone code of each version's schema (generated once into node_modules/.cache, where its requires of
// ajv's runtime resolve), one bundle per version, loaded by the server when a document of that version opens.
for (const [version, source] of Object.entries(
  specValidatorSources('node_modules/.cache/wsapi/spec-validators'),
)) {
  bundles.push({
    entryPoints: [source],
    outfile: `dist/spec-validators/asyncapi-${version}.js`,
    sourcemap: false,
    logOverride: {},
  });
}

const contexts = await Promise.all(bundles.map((bundle) => esbuild.context({ ...common, ...bundle })));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('esbuild: watching client, server and gateway');
} else {
  const started = Date.now();
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  const names = bundles.map((b) => b.outfile).filter((file) => !file.startsWith('dist/spec-validators/'));
  console.log(
    `esbuild: built ${names.join(', ')} and dist/spec-validators/ (${bundles.length - names.length} AsyncAPI versions) in ${Date.now() - started} ms`,
  );
}
