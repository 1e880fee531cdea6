// Runs every test layer in order and ends with one summary: `npm test` (all) or `npm test -- <layer>...`.
// A layer that cannot run fails the whole run and says why; nothing is skipped silently.
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Finds compiled test files under out/test/<dir> (node 20 cannot expand quoted globs itself). */
function testFiles(dir) {
  const base = join(root, 'out', 'test', dir);
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else if (entry.endsWith('.test.js')) {
        found.push(relative(root, path));
      }
    }
  };
  walk(base);
  if (found.length === 0) {
    throw new Error(`no compiled tests in ${relative(root, base)}`);
  }
  return found.sort();
}

const nodeTests = (dir) => () => [process.execPath, '--test', '--test-reporter=spec', ...testFiles(dir)];

const steps = {
  build: { run: () => [process.execPath, 'esbuild.mjs'] },
  typecheck: { run: () => [bin('tsc'), '-p', '.', '--noEmit'] },
  lint: { run: () => [bin('eslint'), '--max-warnings', '0', '.'] },
  format: { run: () => [bin('prettier'), '--check', '--log-level', 'warn', '.'] },
  'compile tests': {
    run: () => {
      rmSync(join(root, 'out'), { recursive: true, force: true });
      return [bin('tsc'), '-p', 'tsconfig.test.json'];
    },
  },
  unit: { layer: true, needs: ['build', 'compile tests'], run: nodeTests('unit') },
  lsp: { layer: true, needs: ['build', 'compile tests'], run: nodeTests('lsp') },
  gateway: { layer: true, needs: ['build', 'compile tests'], run: nodeTests('gateway') },
  e2e: {
    layer: true,
    needs: ['build', 'compile tests'],
    run: () => [process.execPath, 'out/test/e2e/runHost.js'],
  },
};

const CHECKS = ['build', 'typecheck', 'lint', 'format', 'compile tests'];
const LAYERS = ['unit', 'lsp', 'gateway', 'e2e'];

function plan(args) {
  if (args.length === 0) {
    return [...CHECKS, ...LAYERS];
  }
  const unknown = args.filter((arg) => !LAYERS.includes(arg) && !CHECKS.includes(arg));
  if (unknown.length > 0) {
    console.error(
      `unknown layer(s): ${unknown.join(', ')}; choose from ${[...CHECKS, ...LAYERS].join(', ')}`,
    );
    process.exit(2);
  }
  const wanted = new Set(args.flatMap((arg) => [...(steps[arg].needs ?? []), arg]));
  return [...CHECKS, ...LAYERS].filter((name) => wanted.has(name));
}

function run(name) {
  let command;
  try {
    command = steps[name].run();
  } catch (error) {
    return Promise.resolve({ name, code: 1, output: '', why: error.message, ms: 0 });
  }
  const started = Date.now();
  console.log(`\n── ${name} ──`);
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const relay = (stream, sink) =>
      stream.setEncoding('utf8').on('data', (chunk) => {
        output += chunk;
        sink.write(chunk);
      });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('error', (error) =>
      resolve({ name, code: 1, output, why: error.message, ms: Date.now() - started }),
    );
    child.on('close', (code, signal) =>
      resolve({
        name,
        code: code ?? 1,
        output,
        why: signal ? `killed by ${signal}` : '',
        ms: Date.now() - started,
      }),
    );
  });
}

/** Reads the pass/fail counts a layer printed: node's spec reporter, or the e2e runner's closing line. */
function counts(output) {
  const pass = output.match(/^ℹ pass (\d+)$/m) ?? output.match(/^e2e: (\d+) passed, \d+ failed$/m);
  const fail = output.match(/^ℹ fail (\d+)$/m) ?? output.match(/^e2e: \d+ passed, (\d+) failed$/m);
  // node's runner counts tests cut short (a pending promise, a timeout) as cancelled: they failed too.
  const cancelled = output.match(/^ℹ cancelled (\d+)$/m);
  return pass && fail
    ? { passed: Number(pass[1]), failed: Number(fail[1]) + Number(cancelled?.[1] ?? 0) }
    : undefined;
}

const results = [];
const failedSteps = new Set();
for (const name of plan(process.argv.slice(2))) {
  const blocked = (steps[name].needs ?? []).filter((need) => failedSteps.has(need));
  if (blocked.length > 0) {
    results.push({ name, code: 1, why: `not run: ${blocked.join(', ')} failed`, ms: 0 });
    failedSteps.add(name);
    continue;
  }
  const result = await run(name);
  if (steps[name].layer) {
    result.counts = counts(result.output);
    if (result.counts === undefined && result.code === 0) {
      result.code = 1;
      result.why = 'printed no test counts';
    }
    if (result.counts?.passed === 0) {
      result.code = 1;
      result.why = 'ran no test';
    }
  }
  if (result.code !== 0) {
    failedSteps.add(name);
    result.why ||= `exit code ${result.code}`;
  }
  results.push(result);
}

console.log('\n── summary ──');
let passed = 0;
let failed = 0;
for (const result of results) {
  const status = result.code === 0 ? 'ok  ' : 'FAIL';
  const tally = result.counts ? `${result.counts.passed} passed, ${result.counts.failed} failed` : '';
  console.log(
    `${status} ${result.name.padEnd(14)} ${tally.padEnd(22)} ${(result.ms / 1000).toFixed(1).padStart(6)} s ${result.why ?? ''}`,
  );
  passed += result.counts?.passed ?? 0;
  failed += result.counts?.failed ?? 0;
  if (result.code !== 0 && !result.counts?.failed) {
    failed += 1; // a failed check or a layer that could not run counts as a failure
  }
}
console.log(`total: ${passed} passed, ${failed} failed`);
process.exitCode = failedSteps.size > 0 ? 1 : 0;
