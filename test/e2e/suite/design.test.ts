// End-to-end: the design commands run in VS Code with their arguments write a WSO2 project to disk, the
// WebSocket APIs view shows it, and the local gateway started from the editor relays a topic.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';

import type { DesignResult } from '../../../core/src/design/commands';
import type { ShownQuestion } from '../../../client/src/design/designPrompts';
import type { WsapiApi } from '../../../client/src/extension';
import type { SessionPanel } from '../../../client/src/gateway/sessionPanel';
import type { ProjectNode } from '../../../client/src/views/apiTree';
import { recordMetric, type TestCase } from './harness';
import { EXTENSION_ID, workspaceFile } from './helpers';

const PROJECT = 'Rooms-1.0.0';
const ROOMS_TOPIC = '/rooms/{roomID}';
const ROOMS_MAPPING = '/rooms?room={uri.var.roomID}';

async function extensionApi(): Promise<WsapiApi> {
  const extension = vscode.extensions.getExtension<WsapiApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

function onDisk(path: string): string {
  const uri = workspaceFile(`${PROJECT}/${path}`);
  assert.ok(existsSync(uri.fsPath), `${PROJECT}/${path} is not on disk`);
  return readFileSync(uri.fsPath, 'utf8');
}

/**
 * Resolves with the view's rows once `accept` likes them: the current rows first, then after each redraw (the
 * view refreshes itself when project files change). Never sleeps.
 */
function waitForRows(
  api: WsapiApi,
  accept: (rows: readonly ProjectNode[]) => boolean,
  timeoutMs = 15_000,
): Promise<readonly ProjectNode[]> {
  return new Promise((resolve, reject) => {
    const check = async (): Promise<void> => {
      const rows = (await api.apiProjects.getChildren()) as ProjectNode[];
      if (accept(rows)) {
        finish();
        resolve(rows);
      }
    };
    const subscription = api.apiProjects.onDidChangeTreeData(() => void check());
    const timer = setTimeout(() => {
      finish();
      void api.apiProjects
        .rows()
        .then((rows) =>
          reject(new Error(`the view's rows are not as expected: ${JSON.stringify(describeRows(rows))}`)),
        );
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    void check();
  });
}

function describeRows(rows: readonly ProjectNode[]): unknown {
  return rows.map((row) => ({
    label: row.label,
    description: row.description,
    topics: row.children.map((topic) => `${topic.label} ${topic.description}`),
  }));
}

/** The next question a design command shows (subscribe before the action that shows it). */
function nextQuestion(api: WsapiApi, timeoutMs = 15_000): Promise<ShownQuestion> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error('no question was shown'));
    }, timeoutMs);
    const subscription = api.onDidShowQuestion((question) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(question);
    });
  });
}

/** Runs a command of the workbench (quick input navigation) and waits for the question it leads to. */
async function thenQuestion(api: WsapiApi, ...commands: string[]): Promise<ShownQuestion> {
  const shown = nextQuestion(api);
  for (const command of commands) {
    await vscode.commands.executeCommand(command);
  }
  return shown;
}

const ACCEPT = 'workbench.action.acceptSelectedQuickOpenItem';
const NEXT = 'quickInput.next';

const roomsRow = (rows: readonly ProjectNode[]): ProjectNode | undefined =>
  rows.find((row) => row.label === 'Rooms' && row.project.folder.endsWith(`/${PROJECT}`));

export const tests: readonly TestCase[] = [
  {
    name: 'design: createApi with all arguments writes the WSO2 project, opens its definition, shows it in the view',
    async run() {
      const api = await extensionApi();
      const root = vscode.workspace.workspaceFolders?.[0]?.uri;
      assert.ok(root);
      assert.equal(roomsRow(await api.apiProjects.refresh()), undefined, 'no Rooms API before the test');
      const started = performance.now();
      const result = await vscode.commands.executeCommand<DesignResult | undefined>('wsapi.createApi', {
        folder: root.toString(),
        name: 'Rooms',
        context: '/e2e-rooms',
        version: '1.0.0',
        endpoint: 'ws://localhost:8080',
      });
      recordMetric('createApiMs', performance.now() - started);
      assert.ok(result, 'createApi answered nothing: it asked a question or failed (see the notifications)');
      assert.deepEqual([...result.changed].map((uri) => uri.slice(uri.indexOf(PROJECT))).sort(), [
        `${PROJECT}/Definitions/asyncapi.yaml`,
        `${PROJECT}/api.yaml`,
        `${PROJECT}/api_meta.yaml`,
        `${PROJECT}/deployment_environments.yaml`,
      ]);
      const apiYaml = onDisk('api.yaml');
      for (const line of ['  name: Rooms', '  context: /e2e-rooms', '  version: 1.0.0', '  type: WS']) {
        assert.ok(apiYaml.split('\n').includes(line), `api.yaml on disk lacks '${line}':\n${apiYaml}`);
      }
      assert.match(apiYaml, /url: ws:\/\/localhost:8080/);
      const definition = onDisk('Definitions/asyncapi.yaml');
      assert.match(definition, /^asyncapi: 2\.0\.0$/m);
      assert.match(definition, /^ {2}\/\*:$/m, `the default topic /* is a channel:\n${definition}`);
      onDisk('deployment_environments.yaml');
      onDisk('api_meta.yaml');
      assert.equal(
        vscode.window.activeTextEditor?.document.uri.toString(),
        workspaceFile(`${PROJECT}/Definitions/asyncapi.yaml`).toString(),
        'the new definition is open in the editor',
      );
      const rows = await waitForRows(api, (all) => roomsRow(all) !== undefined);
      const rooms = roomsRow(rows);
      assert.equal(rooms?.description, '1.0.0 /e2e-rooms');
      assert.deepEqual(
        rooms?.children.map((topic) => `${topic.label} ${topic.description}`),
        ['/* PUB SUB'],
      );
    },
  },
  {
    name: 'design: addTopic with arguments updates both files on disk and the view',
    async run() {
      const api = await extensionApi();
      const project = workspaceFile(PROJECT).toString();
      const result = await vscode.commands.executeCommand<DesignResult | undefined>('wsapi.addTopic', {
        project,
        topic: ROOMS_TOPIC,
        uriMapping: ROOMS_MAPPING,
      });
      assert.ok(result, 'addTopic answered nothing');
      assert.equal(result.changed.length, 2, `both files change: ${result.changed.join(', ')}`);
      const apiYaml = onDisk('api.yaml');
      assert.ok(apiYaml.includes(`target: ${ROOMS_TOPIC}`), `api.yaml has the topic:\n${apiYaml}`);
      assert.ok(apiYaml.includes(`uriMapping: ${ROOMS_MAPPING}`), `api.yaml has its mapping:\n${apiYaml}`);
      const definition = onDisk('Definitions/asyncapi.yaml');
      assert.ok(definition.includes(`${ROOMS_TOPIC}:`), `the definition has the channel:\n${definition}`);
      assert.ok(definition.includes(`x-uri-mapping: ${ROOMS_MAPPING}`), definition);
      assert.ok(definition.includes('roomID:'), `the channel declares its parameter:\n${definition}`);

      // The view redraws by itself: the command and the file watcher both refresh it.
      const rows = await waitForRows(api, (all) => (roomsRow(all)?.children.length ?? 0) === 2);
      const topic = roomsRow(rows)?.children.find((child) => child.label === ROOMS_TOPIC);
      assert.ok(topic, JSON.stringify(describeRows(rows)));
      assert.equal(topic.description, `PUB SUB → ${ROOMS_MAPPING}`);
      const item = api.apiProjects.getTreeItem(topic);
      assert.equal(item.label, ROOMS_TOPIC);
      assert.equal(item.contextValue, 'wsapiTopic');
      assert.equal(item.command?.command, 'wsapi.openDefinition');
    },
  },
  {
    name: 'design: a bad topic is refused and nothing is written',
    async run() {
      const before = onDisk('api.yaml');
      const result = await vscode.commands.executeCommand<DesignResult | undefined>('wsapi.addTopic', {
        project: workspaceFile(PROJECT).toString(),
        topic: 'notifications',
      });
      assert.equal(result, undefined, 'the server refused the topic (the error is shown as a message)');
      assert.equal(onDisk('api.yaml'), before);
    },
  },
  {
    name: 'gateway: started from the editor with a stored token, it relays a topic that Try Topic opens',
    timeoutMs: 60_000,
    async run() {
      const api = await extensionApi();
      await api.gateway.storeCredential('oauth2Token', 'e2e-token');
      const run = await vscode.commands.executeCommand<{ port: number; url: string } | undefined>(
        'wsapi.startGateway',
        { port: 0, mock: true },
      );
      assert.ok(run, 'the gateway did not start (see the output "WebSocket API Gateway")');
      assert.match(run.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(run.port > 0);
      let panel: SessionPanel | undefined;
      try {
        panel = await vscode.commands.executeCommand<SessionPanel | undefined>('wsapi.tryTopic', {
          project: workspaceFile(PROJECT).toString(),
          topic: ROOMS_TOPIC,
          parameters: { roomID: 'lobby' },
          messages: ['hello from e2e'],
        });
        const session = panel?.session;
        assert.ok(session, 'Try Topic did not connect');
        assert.equal(session.url, `${run.url}/e2e-rooms/1.0.0/rooms/lobby`);
        let received: readonly string[] = [];
        while (!received.includes('hello from e2e')) {
          const before = received.length;
          received = await session.receivedAtLeast(before + 1);
          assert.ok(received.length > before, `the connection closed; received: ${JSON.stringify(received)}`);
        }
      } finally {
        panel?.dispose();
        await vscode.commands.executeCommand('wsapi.stopGateway');
      }
      assert.equal(api.gateway.current, undefined, 'the gateway stopped');
    },
  },
  {
    name: 'design: setAuth asks "step k of n"; Back to the topic keeps its pick, and the topic changed there is set',
    async run() {
      const api = await extensionApi();
      const title = 'Set Runtime Auth';
      const first = nextQuestion(api);
      const running = vscode.commands.executeCommand<DesignResult | undefined>('wsapi.setAuth', {
        project: workspaceFile(PROJECT).toString(),
      });
      assert.deepEqual(await first, { title, step: { step: 1, totalSteps: 3 }, value: 'api' });
      assert.deepEqual(await thenQuestion(api, NEXT, ACCEPT), {
        title,
        step: { step: 2, totalSteps: 3 },
        value: '/*',
      });
      assert.deepEqual(await thenQuestion(api, NEXT, ACCEPT), {
        title,
        step: { step: 3, totalSteps: 3 },
        value: 'Any',
      });
      assert.deepEqual(
        await thenQuestion(api, 'workbench.action.quickInputBack'),
        { title, step: { step: 2, totalSteps: 3 }, value: ROOMS_TOPIC },
        'Back shows the topic question again with the topic picked before',
      );
      await thenQuestion(api, 'quickInput.previous', ACCEPT);
      await vscode.commands.executeCommand(NEXT);
      await vscode.commands.executeCommand(ACCEPT);
      const result = await running;
      assert.ok(result, 'setAuth answered nothing (see the notifications)');
      const definition = onDisk('Definitions/asyncapi.yaml');
      const all = definition.match(/x-auth-type: None/g) ?? [];
      assert.equal(all.length, 1, `one topic is open:\n${definition}`);
      const channel = definition.slice(definition.indexOf('  /*:'), definition.indexOf(`  ${ROOMS_TOPIC}:`));
      assert.match(channel, /x-auth-type: None/, `the topic picked after Back, /*, is open:\n${definition}`);
      assert.match(onDisk('api.yaml'), /authType: None/);
    },
  },
];
