import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root, found from wherever the compiled test runs (out/test/...) or its source. */
export const REPO_ROOT = findRepoRoot(__dirname);

/** The shared test corpus beside the checkout (CI lays a copy of shared/ there too). */
export const CORPUS_DIR = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'asyncapi');

export const SERVER_BUNDLE = join(REPO_ROOT, 'dist', 'server.js');
export const GATEWAY_BUNDLE = join(REPO_ROOT, 'dist', 'gateway.js');

function findRepoRoot(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'wsapi'
    ) {
      return dir;
    }
  }
  throw new Error(`No wsapi package.json above ${start}`);
}

/** Fails with a message saying what to run when a bundle a test needs has not been built. */
export function requireBuilt(bundle: string): string {
  if (!existsSync(bundle)) {
    throw new Error(`${bundle} is missing: run 'npm run build' first.`);
  }
  return bundle;
}
