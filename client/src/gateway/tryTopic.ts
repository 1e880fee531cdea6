import * as vscode from 'vscode';
import WebSocket from 'ws';

import { isRecord } from '../../../core/src/document/documentKind';
import type { ApiProjectSummary, ApiProjectTopic } from '../../../core/src/protocol';
import { topicTypes } from '../views/apiTree';
import type { CredentialKind, EditorGateway } from './editorGateway';
import type { GatewayRun } from './gatewayProcess';
import {
  credentialFor,
  credentialHeaders,
  fillRoute,
  routeBlanks,
  routesOfTopic,
  type Credential,
} from './topicRoutes';

/** Arguments of `wsapi.tryTopic` (a row of the WebSocket APIs view gives project and topic). */
export interface TryTopicArgs {
  /** The project folder (or its api.yaml or definition), as a URI. */
  readonly project?: string;
  readonly topic?: string;
  /** Values of the topic's `{parameters}`. */
  readonly parameters?: Readonly<Record<string, string>>;
  /** For a topic ending in `/*`: the sub-path to connect to (may be empty). */
  readonly path?: string;
  /** Messages to send once connected; with them, no input box is shown. */
  readonly messages?: readonly string[];
}

/** One connection to a topic through the gateway; what is sent and received is also in the output channel. */
export class TopicSession implements vscode.Disposable {
  readonly received: string[] = [];
  private readonly socket: WebSocket;
  private readonly waiters: (() => void)[] = [];
  /** Resolves when the handshake succeeded, rejects with the gateway's answer when it failed. */
  readonly opened: Promise<void>;
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(
    readonly url: string,
    headers: Record<string, string>,
    private readonly log: (line: string) => void,
  ) {
    this.socket = new WebSocket(url, { headers });
    const label = url.replace(/^wss?:\/\/[^/]+/, '');
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => {
        this.log(`[${label}] connected`);
        resolve();
      });
      this.socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          const reason =
            `${response.statusCode ?? '?'} ${body.trim() || (response.statusMessage ?? '')}`.trim();
          this.log(`[${label}] refused: ${reason}`);
          reject(new Error(`the gateway refused the connection to ${label}: ${reason}`));
        });
      });
      this.socket.once('error', (error) => reject(new Error(`cannot connect to ${label}: ${error.message}`)));
    });
    this.opened.catch(() => undefined); // reported by whoever awaits it
    this.closed = new Promise((resolve) => {
      this.socket.once('close', (code, reason) => {
        const text = reason.toString();
        this.log(`[${label}] closed ${code}${text === '' ? '' : ` ${text}`}`);
        resolve({ code, reason: text });
        this.waiters.splice(0).forEach((wake) => wake());
      });
    });
    this.socket.on('message', (data, isBinary) => {
      const text = isBinary ? `(binary, ${bytes(data)} bytes)` : rawText(data);
      this.received.push(text);
      this.log(`[${label}] ← ${text}`);
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  send(text: string): void {
    this.socket.send(text);
    this.log(`[${this.url.replace(/^wss?:\/\/[^/]+/, '')}] → ${text}`);
  }

  /** Resolves once at least `count` messages were received (or the connection closed). */
  async receivedAtLeast(count: number): Promise<readonly string[]> {
    while (this.received.length < count && this.socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.received;
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(1000);
    }
  }

  dispose(): void {
    this.close();
  }
}

/**
 * `wsapi.tryTopic`: connects to a topic through the running gateway (starting it first if the user agrees),
 * with the user's stored credential when the topic is secured, and lets the user send messages from an input
 * box while the output channel shows both directions. Resolves with the session, or undefined.
 */
export async function tryTopic(
  first: unknown,
  gateway: EditorGateway,
  projects: () => Promise<readonly ApiProjectSummary[]>,
  output: vscode.OutputChannel,
): Promise<TopicSession | undefined> {
  const args = tryTopicArgs(first);
  const run = gateway.current ?? (await offerStart(gateway));
  if (run === undefined) {
    return undefined;
  }
  const project = await pickProject(args.project, await projects());
  const topic = project && (await pickTopic(project, args.topic));
  if (project === undefined || topic === undefined) {
    return undefined;
  }
  const credential = await credentialOf(project, topic, gateway);
  const current = gateway.current;
  if (credential === undefined || current === undefined) {
    return undefined;
  }
  const url = await topicUrl(current, project, topic, args);
  if (url === undefined) {
    return undefined;
  }
  output.show(true);
  const session = new TopicSession(url, credentialHeaders(credential), (line) => output.appendLine(line));
  try {
    await session.opened;
  } catch (error) {
    void vscode.window.showErrorMessage(
      `WebSocket API: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
  if (args.messages !== undefined) {
    args.messages.forEach((message) => session.send(message));
  } else {
    messageBox(session, topic);
  }
  return session;
}

function tryTopicArgs(first: unknown): TryTopicArgs {
  if (!isRecord(first)) {
    return {};
  }
  if ((first.kind === 'project' || first.kind === 'topic') && isRecord(first.project)) {
    const project = typeof first.project.folder === 'string' ? first.project.folder : undefined;
    const topic =
      isRecord(first.topic) && typeof first.topic.name === 'string' ? first.topic.name : undefined;
    return { ...(project !== undefined && { project }), ...(topic !== undefined && { topic }) };
  }
  const strings = (value: unknown): string[] | undefined =>
    Array.isArray(value) ? value.map((item) => String(item)) : undefined;
  const messages = strings(first.messages);
  return {
    ...(typeof first.project === 'string' && { project: first.project }),
    ...(typeof first.topic === 'string' && { topic: first.topic }),
    ...(isRecord(first.parameters) && {
      parameters: Object.fromEntries(
        Object.entries(first.parameters).map(([key, value]) => [key, String(value)]),
      ),
    }),
    ...(typeof first.path === 'string' && { path: first.path }),
    ...(messages !== undefined && { messages }),
  };
}

async function offerStart(gateway: EditorGateway): Promise<GatewayRun | undefined> {
  const choice = await vscode.window.showInformationMessage(
    'WebSocket API: the local gateway is not running. Start it to try the topic?',
    'Start Gateway',
  );
  return choice === undefined ? undefined : gateway.start(undefined);
}

async function pickProject(
  named: string | undefined,
  projects: readonly ApiProjectSummary[],
): Promise<ApiProjectSummary | undefined> {
  const servable = projects.filter((project) => project.problem === undefined);
  if (named !== undefined) {
    const found = projects.find((project) =>
      [project.folder, project.apiFile, project.definition].includes(named),
    );
    if (found === undefined) {
      void vscode.window.showErrorMessage(
        `WebSocket API: ${named} is not a WebSocket API project of the workspace.`,
      );
    }
    return found;
  }
  if (servable.length <= 1) {
    return servable[0];
  }
  const chosen = await vscode.window.showQuickPick(
    servable.map((project) => ({
      label: project.name,
      description: [project.version, project.context].filter(Boolean).join(' '),
      project,
    })),
    { title: 'Try Topic', placeHolder: 'The API', ignoreFocusOut: true },
  );
  return chosen?.project;
}

async function pickTopic(
  project: ApiProjectSummary,
  named: string | undefined,
): Promise<ApiProjectTopic | undefined> {
  if (named !== undefined) {
    const found = project.topics.find((topic) => topic.name === named);
    if (found === undefined) {
      void vscode.window.showErrorMessage(
        `WebSocket API: ${project.name} has no topic ${named}: pick one of ${project.topics.map((topic) => topic.name).join(', ')}.`,
      );
    }
    return found;
  }
  const chosen = await vscode.window.showQuickPick(
    project.topics.map((topic) => ({
      label: topic.name,
      description: topicTypes(topic.verbs).join(' '),
      topic,
    })),
    { title: 'Try Topic', placeHolder: `The topic of ${project.name}`, ignoreFocusOut: true },
  );
  return chosen?.topic;
}

/** The stored credential the topic needs; asked for, stored and given to the gateway (restarted) when missing. */
async function credentialOf(
  project: ApiProjectSummary,
  topic: ApiProjectTopic,
  gateway: EditorGateway,
): Promise<Credential | undefined> {
  const credential = credentialFor(project, topic, await gateway.credentials());
  if (credential.kind !== 'missing') {
    return credential;
  }
  const labels: Record<'apiKey' | 'oauth2', { label: string; secret: CredentialKind }> = {
    oauth2: { label: 'OAuth2 access token', secret: 'oauth2Token' },
    apiKey: { label: 'API key', secret: 'apiKey' },
  };
  const options = credential.accepted.map((kind) => labels[kind]);
  const chosen =
    options.length === 1
      ? options[0]
      : await vscode.window.showQuickPick(options, {
          title: 'Try Topic',
          placeHolder: `${topic.name} needs credentials: which kind do you use?`,
          ignoreFocusOut: true,
        });
  if (chosen === undefined) {
    return undefined;
  }
  const value = await vscode.window.showInputBox({
    title: 'Try Topic',
    prompt: `${topic.name} needs credentials: the ${chosen.label} the local gateway accepts (kept in VS Code's secret storage)`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? `Enter an ${chosen.label}, e.g. my-dev-key.` : undefined),
  });
  if (value === undefined) {
    return undefined;
  }
  await gateway.storeCredential(chosen.secret, value.trim());
  const run = gateway.current;
  if (run !== undefined) {
    // The gateway reads its credentials at start: it starts again, on the same port, to accept this one.
    await gateway.stop();
    await gateway.start({ port: run.port, mock: run.mock });
  }
  return credentialFor(project, topic, await gateway.credentials());
}

async function topicUrl(
  run: GatewayRun,
  project: ApiProjectSummary,
  topic: ApiProjectTopic,
  args: TryTopicArgs,
): Promise<string | undefined> {
  const route = routesOfTopic(run.routes, project, topic.name)[0];
  if (route === undefined) {
    void vscode.window.showErrorMessage(
      `WebSocket API: the gateway does not serve ${topic.name} of ${project.name}: it started before the topic ` +
        'was added or while the project had a problem. Stop and start the gateway.',
    );
    return undefined;
  }
  const blanks = routeBlanks(route);
  const values: Record<string, string> = { ...args.parameters };
  for (const name of blanks.parameters.filter((parameter) => values[parameter] === undefined)) {
    const value = await vscode.window.showInputBox({
      title: `Try ${topic.name}`,
      prompt: `The value of {${name}}`,
      ignoreFocusOut: true,
      validateInput: (text) => (text === '' ? `{${name}} needs a value, e.g. lobby.` : undefined),
    });
    if (value === undefined) {
      return undefined;
    }
    values[name] = value;
  }
  let rest = args.path;
  if (blanks.wildcard && rest === undefined) {
    rest = await vscode.window.showInputBox({
      title: `Try ${topic.name}`,
      prompt: `The path under ${route.url.slice(0, -2)} (empty: the API itself)`,
      placeHolder: 'notifications',
      ignoreFocusOut: true,
    });
    if (rest === undefined) {
      return undefined;
    }
  }
  return fillRoute(route, values, rest);
}

/** An input box that stays open while the connection does: Enter sends, Esc closes the connection. */
function messageBox(session: TopicSession, topic: ApiProjectTopic): void {
  const box = vscode.window.createInputBox();
  box.title = `Try ${session.url.replace(/^wss?:\/\/[^/]+/, '')}`;
  box.prompt = topicTypes(topic.verbs).includes('PUB')
    ? 'A message to send (Enter); Esc closes the connection. Received messages are in the output.'
    : 'This topic only sends (SUB): received messages are in the output. Esc closes the connection.';
  box.ignoreFocusOut = true;
  box.onDidAccept(() => {
    if (box.value !== '') {
      session.send(box.value);
      box.value = '';
    }
  });
  box.onDidHide(() => {
    session.close();
    box.dispose();
  });
  void session.closed.then(() => box.dispose());
  box.show();
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString('utf8');
  }
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function bytes(data: WebSocket.RawData): number {
  return Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : (data as Buffer).byteLength;
}
