import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, suite, test } from 'node:test';
import { parse as parseYaml } from 'yaml';

import { DESIGN_COMMANDS } from '../../core/src/design';
import { LspTestClient } from '../support/lspClient';
import { REPO_ROOT, requireBuilt, SERVER_BUNDLE } from '../support/paths';
import { applyToDisk } from '../support/workspaceEdits';

const SAMPLE = join(REPO_ROOT, 'test', 'fixtures', 'wso2-sample');
const SCRIPT = join(REPO_ROOT, 'test', 'fixtures', 'neovim', 'designCommands.lua');
const NVIM_TIMEOUT_MS = 120_000;

/** Debian's neovim (0.7.2 on bookworm), the oldest neovim wsapi supports; a missing one fails with the fix. */
function neovim(): { path: string; version: string } {
  const found = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (found.error !== undefined || found.status !== 0) {
    throw new Error(
      'neovim is missing (the LSP layer runs the design commands in it): apt-get update && apt-get install -y neovim',
    );
  }
  const version = /^NVIM v(\d+\.\d+\.\d+)/.exec(found.stdout)?.[1] ?? '?';
  const [major = 0, minor = 0] = version.split('.').map(Number);
  assert.ok(major > 0 || minor >= 7, `neovim ${version} is older than 0.7, the oldest wsapi supports`);
  return { path: 'nvim', version };
}

/** Every file under a folder with its text, by relative path. */
function tree(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
      } else {
        files[relative(folder, path)] = readFileSync(path, 'utf8');
      }
    }
  };
  walk(folder);
  return files;
}

/** The same commands, in a fresh copy of the sample: the workspace and what to run there. */
function workspace(prefix: string): {
  root: string;
  commands: Array<{ command: string; arguments: [object] }>;
} {
  const root = mkdtempSync(join(tmpdir(), prefix));
  cpSync(SAMPLE, join(root, 'WebSocket-1.0.0'), { recursive: true });
  // An export over a file that is there already: edited in place, no resource operation.
  mkdirSync(join(root, 'previous'));
  writeFileSync(join(root, 'previous', 'websocket.json'), '{ "old": true }\n');
  const uri = (...parts: string[]): string => pathToFileURL(join(root, ...parts)).href;
  const project = uri('WebSocket-1.0.0');
  const command = (name: string, args: object): { command: string; arguments: [object] } => ({
    command: name,
    arguments: [args],
  });
  return {
    root,
    commands: [
      command(DESIGN_COMMANDS.addTopic, {
        project,
        topic: '/news/{day}',
        uriMapping: '/news?day={uri.var.day}',
      }),
      command(DESIGN_COMMANDS.addTopic, { project, topic: '/alerts', types: ['SUB'] }),
      command(DESIGN_COMMANDS.setAuth, { project, security: ['oauth2', 'api_key'] }),
      command(DESIGN_COMMANDS.createApi, {
        folder: uri(),
        name: 'Chats',
        context: '/chats',
        version: '1.0.0',
        endpoint: 'ws://localhost:8080',
      }),
      command(DESIGN_COMMANDS.exportAsyncApi, { project, target: uri('export', 'websocket.yaml') }),
      command(DESIGN_COMMANDS.exportAsyncApi, { project, target: uri('previous', 'websocket.json') }),
    ],
  };
}

interface NeovimResults {
  readonly nvim?: { major: number; minor: number; patch: number };
  readonly answers: Array<{ command: string; result?: unknown; error?: string }>;
  readonly failure?: string;
}

function runNeovim(nvim: string, root: string, commands: object[]): Promise<NeovimResults> {
  const results = join(root, '..', `${relative(tmpdir(), root)}-results.json`);
  const commandsFile = join(root, '..', `${relative(tmpdir(), root)}-commands.json`);
  writeFileSync(commandsFile, JSON.stringify(commands));
  const child = spawn(nvim, ['--headless', '--clean', '-n', '-c', `luafile ${SCRIPT}`], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      WSAPI_NODE: process.execPath,
      WSAPI_SERVER: requireBuilt(SERVER_BUNDLE),
      WSAPI_ROOT: root,
      WSAPI_OPEN: join(root, 'WebSocket-1.0.0', 'api.yaml'),
      WSAPI_COMMANDS: commandsFile,
      WSAPI_RESULTS: results,
      // Keep neovim's state and logs out of the home folder.
      XDG_STATE_HOME: join(root, '..', 'nvim-state'),
      XDG_CACHE_HOME: join(root, '..', 'nvim-cache'),
    },
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), NVIM_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(readFileSync(results, 'utf8')) as NeovimResults);
      } catch {
        reject(new Error(`neovim exited (${signal ?? code}) without results; its output:\n${output}`));
      } finally {
        rmSync(results, { force: true });
        rmSync(commandsFile, { force: true });
      }
    });
  });
}

suite('LSP: the design commands from neovim headless (its own LSP client, Debian 0.7)', () => {
  const folders: string[] = [];
  let nvim: { path: string; version: string };
  before(() => {
    nvim = neovim();
  });
  after(() => {
    for (const folder of folders) {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('add topics, set auth, create an API and export end with the files an editor with versioned edits gets', async () => {
    const inNeovim = workspace('wsapi-neovim-');
    const reference = workspace('wsapi-neovim-reference-');
    folders.push(inNeovim.root, reference.root);

    const results = await runNeovim(nvim.path, inNeovim.root, inNeovim.commands);
    assert.equal(results.failure, undefined, `neovim ${nvim.version}: ${results.failure}`);
    assert.deepEqual(
      results.answers.map((answer) => `${answer.command}: ${answer.error ?? 'ok'}`),
      inNeovim.commands.map((command) => `${command.command}: ok`),
    );

    // The same commands from a client that declares documentChanges, its edits applied to disk.
    const client = LspTestClient.stdio(requireBuilt(SERVER_BUNDLE));
    try {
      client.onApplyEdit((params) => Promise.resolve(applyToDisk(params.edit)));
      await client.initialize([pathToFileURL(reference.root).href], {
        applyEdit: true,
        workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
      });
      for (const command of reference.commands) {
        await client.executeCommand(command.command, command.arguments[0]);
      }
    } finally {
      await client.dispose();
    }

    const files = tree(inNeovim.root);
    assert.deepEqual(files, tree(reference.root));
    const definition = parseYaml(files[join('WebSocket-1.0.0', 'Definitions', 'asyncapi.yaml')] ?? '') as {
      channels: Record<string, unknown>;
    };
    assert.ok('/news/{day}' in definition.channels && '/alerts' in definition.channels);
    assert.match(files[join('WebSocket-1.0.0', 'api.yaml')] ?? '', /- api_key\n/);
    assert.ok(join('Chats-1.0.0', 'Definitions', 'asyncapi.yaml') in files);
    assert.deepEqual(
      parseYaml(files[join('export', 'websocket.yaml')] ?? ''),
      JSON.parse(files[join('previous', 'websocket.json')] ?? ''),
    );
  });
});
