import * as vscode from 'vscode';
import WebSocket from 'ws';

import type { ApiProjectSummary, ApiTopicSummary } from '../../../core/src/protocol';
import { VSCODE_QUESTIONS } from '../design/designPrompts';
import { topicTypes } from '../views/apiTree';
import type { EditorGateway } from './editorGateway';
import type { GatewayRun } from './gatewayProcess';
import { credentialHeaders } from './topicRoutes';
import { chooseCredential, chooseTarget, chooseUrl, tryTopicArgs } from './tryTopicFlow';

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
  const target = run && (await chooseTarget(args, await projects(), VSCODE_QUESTIONS));
  const choice = target && (await chooseCredential(target, await gateway.credentials(), VSCODE_QUESTIONS));
  if (target === undefined || choice === undefined) {
    return undefined;
  }
  if (choice.store !== undefined && run !== undefined) {
    await gateway.storeCredential(choice.store.kind, choice.store.value);
    // The gateway reads its credentials at start: it starts again, on the same port, to accept this one.
    await gateway.stop();
    await gateway.start({ port: run.port, mock: run.mock });
  }
  const current = gateway.current;
  const url = current && (await chooseUrl(current.routes, target, args, VSCODE_QUESTIONS));
  if (url === undefined) {
    return undefined;
  }
  output.show(true);
  const session = new TopicSession(url, credentialHeaders(choice.credential), (line) =>
    output.appendLine(line),
  );
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
    messageBox(session, target.topic);
  }
  return session;
}

async function offerStart(gateway: EditorGateway): Promise<GatewayRun | undefined> {
  const choice = await vscode.window.showInformationMessage(
    'WebSocket API: the local gateway is not running. Start it to try the topic?',
    'Start Gateway',
  );
  return choice === undefined ? undefined : gateway.start(undefined);
}

/** An input box that stays open while the connection does: Enter sends, Esc closes the connection. */
function messageBox(session: TopicSession, topic: ApiTopicSummary): void {
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
