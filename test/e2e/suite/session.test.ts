// End-to-end: the wsapi-gateway debug type and Try Topic's session panel in the real VS Code, on a copy of the
// example API (examples/chat-api, whose ChatMessage has a payload schema): F5-style launch with the mock and a
// frame in the Debug Console; a session from the code lens with a valid and an invalid message; a credential
// stored and a topic added while the gateway runs, reached without a restart.
import assert from 'node:assert/strict';
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import WebSocket from 'ws';

import type { WsapiApi } from '../../../client/src/extension';
import type { SessionPanel } from '../../../client/src/gateway/sessionPanel';
import type { DesignResult } from '../../../core/src/design/commands';
import { recordMetric, type TestCase } from './harness';
import { EXTENSION_ID, REPO_ROOT, workspaceFile } from './helpers';

const FOLDER = 'Chats-e2e';
const ROOMS = '/rooms/{roomID}';

async function extensionApi(): Promise<WsapiApi> {
  const extension = vscode.extensions.getExtension<WsapiApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

/** The example API copied into the workspace once, and seen by the view. */
async function chatProject(api: WsapiApi): Promise<vscode.Uri> {
  const folder = workspaceFile(FOLDER);
  if (!existsSync(folder.fsPath)) {
    cpSync(join(REPO_ROOT, 'examples', 'chat-api'), folder.fsPath, { recursive: true });
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const rows = await api.apiProjects.refresh();
    if (rows.some((row) => row.project.folder === folder.toString())) {
      return folder;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the view does not list ${FOLDER}`);
}

/** Runs `body` with the example project listed and the editor's gateway serving it with the mock; stops it after. */
async function withMockGateway(api: WsapiApi, body: (folder: vscode.Uri) => Promise<void>): Promise<void> {
  const folder = await chatProject(api);
  const run = await vscode.commands.executeCommand<{ url: string } | undefined>('wsapi.startGateway', {
    port: 0,
    mock: true,
  });
  assert.ok(run, 'the gateway did not start');
  try {
    await body(folder);
  } finally {
    await vscode.commands.executeCommand('wsapi.stopGateway');
  }
}

/** Resolves once `accept` holds, checked now and after each change the panel reports. */
function waitForPanel(
  panel: SessionPanel,
  accept: () => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (accept()) {
        finish();
        resolve();
      }
    };
    const unsubscribe = panel.onDidChange(check);
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(`${what}; frames: ${JSON.stringify(panel.frames)}; state: ${JSON.stringify(panel.state)}`),
      );
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      unsubscribe();
    };
    check();
  });
}

/** Everything the `wsapi-gateway` adapter sends to VS Code's Debug Console (its DAP output events). */
function captureDebugConsole(): {
  lines: string[];
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  dispose(): void;
} {
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  const registration = vscode.debug.registerDebugAdapterTrackerFactory('wsapi-gateway', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (message: { type?: string; event?: string; body?: { output?: string } }) => {
        if (
          message.type === 'event' &&
          message.event === 'output' &&
          typeof message.body?.output === 'string'
        ) {
          lines.push(...message.body.output.split('\n'));
          waiters.splice(0).forEach((wake) => wake());
        }
      },
    }),
  });
  return {
    lines,
    waitFor: async (pattern, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find((line) => pattern.test(line));
        if (found !== undefined) {
          return found;
        }
        if (Date.now() > deadline) {
          throw new Error(`the Debug Console shows no line like ${String(pattern)}:\n${lines.join('\n')}`);
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    dispose: () => {
      registration.dispose();
    },
  };
}

export const tests: readonly TestCase[] = [
  {
    name: 'debug: a wsapi-gateway session with the mock starts the gateway; the Debug Console shows a frame; stop ends it',
    timeoutMs: 90_000,
    async run() {
      const api = await extensionApi();
      const folder = await chatProject(api);
      const debugConsole = captureDebugConsole();
      try {
        const started = performance.now();
        const ok = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
          type: 'wsapi-gateway',
          request: 'launch',
          name: 'e2e gateway',
          projects: [folder.fsPath],
          port: 0,
          mock: true,
        });
        assert.ok(ok, 'the debug session did not start');
        const listening = await debugConsole.waitFor(/^listening ws:\/\/127\.0\.0\.1:\d+/);
        recordMetric('debugStartToListeningMs', performance.now() - started);
        const url = /^listening (ws:\/\/\S+)/.exec(listening)?.[1];
        assert.ok(url && api.gateway.current?.url === url, `the editor's gateway runs on ${url}`);

        const socket = new WebSocket(`${url}/chats/1.0.0/rooms/lobby`);
        await new Promise((resolve, reject) => {
          socket.once('open', resolve);
          socket.once('error', reject);
        });
        socket.send(JSON.stringify({ from: 'e2e', text: 'hello' }));
        await debugConsole.waitFor(
          /→ client to backend {2}Chats 1\.0\.0 \/rooms\/\{roomID\} {2}\d+ B {2}✓ valid/,
        );
        await debugConsole.waitFor(/"from": "e2e"/);
        await debugConsole.waitFor(/⇄ open {2}\/chats\/1\.0\.0\/rooms\/lobby/);
        socket.close(1000);
        await debugConsole.waitFor(/⇄ close .*1000 by the client/);

        const session = vscode.debug.activeDebugSession;
        assert.equal(session?.type, 'wsapi-gateway');
        const ended = new Promise<void>((resolve) =>
          vscode.debug.onDidTerminateDebugSession((ended) => ended.id === session?.id && resolve()),
        );
        await vscode.debug.stopDebugging(session);
        await ended;
        assert.equal(api.gateway.current, undefined, 'stopping the session stops the gateway');
      } finally {
        debugConsole.dispose();
        await vscode.commands.executeCommand('wsapi.stopGateway');
      }
    },
  },
  {
    name: 'tryTopic: from the code lens, a session panel sends a valid and an invalid message and shows the echo and every violation',
    timeoutMs: 90_000,
    async run() {
      const api = await extensionApi();
      await withMockGateway(api, async (folder) => {
        const definition = vscode.Uri.joinPath(folder, 'Definitions', 'asyncapi.yaml');
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(definition));
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          definition,
        );
        const lens = lenses.find(
          (candidate) =>
            candidate.command?.command === 'wsapi.tryTopic' &&
            (candidate.command.arguments?.[0] as { topic?: string } | undefined)?.topic === ROOMS,
        );
        assert.ok(
          lens?.command,
          `no Try topic lens above ${ROOMS}: ${JSON.stringify(lenses.map((l) => l.command))}`,
        );
        assert.match(lens.command.title, /Try topic/);
        const started = performance.now();
        // The lens's command with its arguments; the {roomID} the user would type is given.
        const panel = await vscode.commands.executeCommand<SessionPanel | undefined>(lens.command.command, {
          ...(lens.command.arguments?.[0] as object),
          parameters: { roomID: 'lobby' },
        });
        assert.ok(panel, 'no session panel opened');
        assert.equal(panel.state.state, 'open', JSON.stringify(panel.state));
        const valid = JSON.stringify({ from: 'e2e', text: 'hello' });
        await panel.handle({ kind: 'send', text: valid });
        await waitForPanel(
          panel,
          () => panel.frames.some((frame) => frame.direction === 'received' && frame.echo),
          'no echo of the valid message',
        );
        recordMetric('lensToFirstEchoMs', performance.now() - started);
        const echo = panel.frames.find((frame) => frame.direction === 'received' && frame.echo);
        assert.equal(echo?.verdict.result, 'valid');
        assert.equal(
          echo?.text,
          JSON.stringify({ from: 'e2e', text: 'hello' }, undefined, 2),
          'pretty-printed',
        );
        const sentValid = panel.frames.find((frame) => frame.direction === 'sent');
        assert.deepEqual(sentValid?.verdict, { result: 'valid', message: 'ChatMessage' });

        await panel.handle({ kind: 'send', text: JSON.stringify({ from: 5, text: false }) });
        await waitForPanel(
          panel,
          () => panel.frames.filter((frame) => frame.direction === 'sent').length === 2,
          'the invalid message is not listed',
        );
        const invalid = panel.frames.filter((frame) => frame.direction === 'sent')[1];
        assert.equal(invalid?.verdict.result, 'invalid');
        const problems = invalid?.verdict.result === 'invalid' ? invalid.verdict.problems : [];
        assert.equal(problems.length, 2, `every violation: ${JSON.stringify(problems)}`);
        assert.match(problems[0] ?? '', /\/from must be string/);
        assert.match(problems[1] ?? '', /\/text must be string/);

        await panel.handle({ kind: 'close', code: 4000 });
        await waitForPanel(panel, () => panel.state.state === 'closed', 'the close');
        assert.deepEqual(panel.state, { state: 'closed', code: 4000, reason: '' });
        panel.dispose();
      });
    },
  },
  {
    name: 'tryTopic: a credential stored and a topic added while the gateway runs are reached without a restart',
    timeoutMs: 90_000,
    async run() {
      const api = await extensionApi();
      await withMockGateway(api, async (folder) => {
        const before = api.gateway.current;
        const open = await vscode.commands.executeCommand<SessionPanel | undefined>('wsapi.tryTopic', {
          project: folder.toString(),
          topic: ROOMS,
          parameters: { roomID: 'keep' },
        });
        assert.equal(open?.state.state, 'open');
        await api.gateway.storeCredential('oauth2Token', 'e2e-added-token');
        const added = await vscode.commands.executeCommand<DesignResult | undefined>('wsapi.addTopic', {
          project: folder.toString(),
          topic: '/e2e-news',
        });
        assert.ok(added, 'addTopic answered nothing');
        // The gateway reloads the edited definition by itself; its new route table comes with `reloaded:`.
        for (
          let attempt = 0;
          attempt < 100 &&
          !(api.gateway.current?.routes ?? []).some((route) => route.url.endsWith('/e2e-news'));
          attempt++
        ) {
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const panel = await vscode.commands.executeCommand<SessionPanel | undefined>('wsapi.tryTopic', {
          project: folder.toString(),
          topic: '/e2e-news',
        });
        assert.ok(panel, 'no panel for the new topic');
        assert.equal(
          panel.state.state,
          'open',
          `the new topic with the stored token: ${JSON.stringify(panel.state)}`,
        );
        assert.equal(api.gateway.current, before, 'the same gateway run: no restart');
        assert.equal(open?.state.state, 'open', 'the first connection stayed open');
        panel.dispose();
        open?.dispose();
      });
    },
  },
  {
    name: "sendToTopic: the editor's selection is sent to a topic, in its session panel",
    timeoutMs: 90_000,
    async run() {
      const api = await extensionApi();
      await withMockGateway(api, async (folder) => {
        const message = JSON.stringify({ from: 'selection', text: 'sent from the editor' });
        const document = await vscode.workspace.openTextDocument({
          language: 'json',
          content: `${message}\n`,
        });
        const editor = await vscode.window.showTextDocument(document);
        editor.selection = new vscode.Selection(0, 0, 0, message.length);
        const panel = await vscode.commands.executeCommand<SessionPanel | undefined>('wsapi.sendToTopic', {
          project: folder.toString(),
          topic: ROOMS,
          parameters: { roomID: 'selection' },
        });
        assert.ok(panel, 'no session panel');
        await waitForPanel(
          panel,
          () => panel.frames.some((frame) => frame.direction === 'received' && frame.echo),
          'the selection is not echoed',
        );
        const sent = panel.frames.find((frame) => frame.direction === 'sent');
        assert.deepEqual(sent?.verdict, { result: 'valid', message: 'ChatMessage' });
        assert.equal(sent?.text, JSON.stringify(JSON.parse(message), undefined, 2));
        panel.dispose();
      });
    },
  },
];
