// One script, three bundles: the VS Code extension, the language server and the gateway CLI.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';

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

const contexts = await Promise.all(bundles.map((bundle) => esbuild.context({ ...common, ...bundle })));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('esbuild: watching client, server and gateway');
} else {
  const started = Date.now();
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  console.log(`esbuild: built ${bundles.map((b) => b.outfile).join(', ')} in ${Date.now() - started} ms`);
}
