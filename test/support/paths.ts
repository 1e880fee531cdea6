import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root, found from wherever the compiled test runs (out/test/...) or its source. */
export const REPO_ROOT = findRepoRoot(__dirname);

/**
 * The shared test corpus: `$WSAPI_SHARED/corpus/asyncapi`, else shared/ beside the checkout (CI lays a copy of
 * shared/ there), else beside the local repository the checkout was cloned from (a clone in /tmp of a checkout
 * that has shared/ beside it).
 */
export const CORPUS_DIR = join(findShared(), 'corpus', 'asyncapi');

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

function findShared(): string {
  const beside = (checkout: string): string => resolve(checkout, '..', 'shared');
  const candidates = [process.env['WSAPI_SHARED'], beside(REPO_ROOT), beside(clonedFrom() ?? REPO_ROOT)];
  // Where it is looked for first; a test that reads a missing corpus fails naming this path.
  return candidates.find((dir) => dir !== undefined && existsSync(join(dir, 'corpus'))) ?? beside(REPO_ROOT);
}

/** The local repository this checkout was cloned from (`git clone /work/main`), if it was. */
function clonedFrom(): string | undefined {
  try {
    const url = execFileSync('git', ['-C', REPO_ROOT, 'config', '--get', 'remote.origin.url'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return url.startsWith('/') ? url : undefined;
  } catch {
    return undefined;
  }
}
