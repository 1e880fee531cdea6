// Try Topic's session panel: one webview per topic connection. The messages both ways with their time, JSON
// pretty-printed and marked valid or not against the topic's message schemas (every violation); fill an example,
// send text or binary, ping, close with a code; the connection's state and the gateway's refusal with the fix;
// pause what the server sends on its own (the mock's periodic messages); save a transcript.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

import type { FrameCheck } from '../../../core/src/wso2/payloadCheck';
import { prettyText, type Direction, type TopicMessages } from './topicMessages';
import { isSendableCloseCode, refusalFix, TopicSession, type SessionEvent } from './topicSession';

/** One frame as the panel lists it. */
export interface PanelFrame {
  readonly id: number;
  /** ISO time it was sent or received. */
  readonly time: string;
  readonly direction: Direction;
  /** The text, JSON pretty-printed; undefined for a binary frame. */
  readonly text?: string;
  readonly bytes: number;
  readonly verdict: FrameCheck;
  /** A received frame equal to one the user sent (the mock's echo). */
  readonly echo: boolean;
}

export type ConnectionState =
  | { readonly state: 'connecting' | 'open' }
  | { readonly state: 'refused'; readonly status: number; readonly body: string; readonly fix: string }
  | { readonly state: 'closed'; readonly code: number; readonly reason: string }
  | { readonly state: 'failed'; readonly message: string };

/** What the panel is connected to and how it asks for what it needs. */
export interface PanelTarget {
  /** The topic's name, e.g. `/rooms/{roomID}`. */
  readonly topic: string;
  readonly url: string;
  /** The handshake headers (the stored credential), read at each connect. */
  headers(): Promise<Record<string, string>>;
  /** Asks the user for the credential the gateway should accept and stores it; false when cancelled. */
  setCredential(): Promise<boolean>;
}

/** A message from the webview (and from tests, which act as its user). */
export type PanelRequest =
  | { readonly kind: 'send'; readonly text: string }
  | { readonly kind: 'binary'; readonly text: string }
  | { readonly kind: 'example' }
  | { readonly kind: 'ping' }
  | { readonly kind: 'close'; readonly code: number; readonly reason?: string }
  | { readonly kind: 'reconnect' }
  | { readonly kind: 'credential' }
  | { readonly kind: 'save' }
  | { readonly kind: 'ready' };

export class SessionPanel implements vscode.Disposable {
  static readonly viewType = 'wsapi.topicSession';
  readonly frames: PanelFrame[] = [];
  private stateValue: ConnectionState = { state: 'connecting' };
  private sessionValue: TopicSession | undefined;
  private readonly sent = new Set<string>();
  private readonly panel: vscode.WebviewPanel;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: () => void = () => undefined;
  private disposed = false;

  constructor(
    readonly target: PanelTarget,
    private readonly messages: TopicMessages,
    private readonly log: (line: string) => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      SessionPanel.viewType,
      `Try ${target.topic}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [] },
    );
    this.panel.webview.html = panelHtml(this.panel.webview, target.url);
    this.panel.webview.onDidReceiveMessage((message: PanelRequest) => void this.handle(message));
    this.panel.onDidDispose(() => this.dispose());
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  get session(): TopicSession | undefined {
    return this.sessionValue;
  }

  /** Closed by the user (or disposed): it shows nothing more. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Calls `listener` after each change of frames or state (tests wait on it); returns the unsubscribe function. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects (again); resolves once the handshake is answered. */
  async connect(): Promise<void> {
    this.unsubscribe();
    this.sessionValue?.close(1000);
    this.setState({ state: 'connecting' });
    const session = new TopicSession(this.target.url, await this.target.headers());
    this.sessionValue = session;
    this.unsubscribe = session.onEvent((event) => this.onEvent(event));
    await session.opened.catch(() => undefined);
  }

  /** What the webview's user asked for. */
  async handle(request: PanelRequest): Promise<void> {
    const session = this.sessionValue;
    switch (request.kind) {
      case 'ready':
        this.post({ kind: 'reset', frames: this.frames, state: this.stateValue });
        return;
      case 'send':
        if (request.text !== '' && session?.isOpen === true) {
          session.send(request.text);
        }
        return;
      case 'binary':
        if (session?.isOpen === true) {
          session.sendBinary(new TextEncoder().encode(request.text));
        }
        return;
      case 'example': {
        const example = this.messages.example();
        this.post(
          example === undefined
            ? {
                kind: 'notice',
                text: 'The definition has no message this topic receives with a JSON Schema payload.',
              }
            : { kind: 'fill', text: example },
        );
        return;
      }
      case 'ping':
        if (session?.isOpen === true) {
          session.ping();
        }
        return;
      case 'close':
        if (!isSendableCloseCode(request.code)) {
          this.post({
            kind: 'notice',
            text: `A client closes with 1000 or a code from 3000 to 4999, not ${request.code}.`,
          });
          return;
        }
        session?.close(request.code, request.reason ?? '');
        return;
      case 'reconnect':
        await this.connect();
        return;
      case 'credential':
        if (await this.target.setCredential()) {
          await this.connect();
        }
        return;
      case 'save':
        await this.saveTranscript();
        return;
    }
  }

  private onEvent(event: SessionEvent): void {
    switch (event.kind) {
      case 'open':
        this.log(`[${this.target.url}] connected`);
        this.setState({ state: 'open' });
        return;
      case 'refused':
        this.log(`[${this.target.url}] refused: ${event.status} ${event.body}`);
        this.setState({
          state: 'refused',
          status: event.status,
          body: event.body,
          fix: refusalFix(event.status),
        });
        return;
      case 'error':
        if (this.stateValue.state === 'connecting') {
          this.setState({ state: 'failed', message: event.message });
        }
        return;
      case 'closed':
        this.log(`[${this.target.url}] closed ${event.code} ${event.reason}`);
        if (this.stateValue.state === 'open' || this.stateValue.state === 'connecting') {
          this.setState({ state: 'closed', code: event.code, reason: event.reason });
        }
        return;
      case 'pong':
        this.post({ kind: 'notice', text: `pong at ${new Date().toLocaleTimeString()}` });
        return;
      case 'frame': {
        if (event.direction === 'sent' && event.text !== undefined) {
          this.sent.add(event.text);
        }
        const frame: PanelFrame = {
          id: this.frames.length + 1,
          time: new Date().toISOString(),
          direction: event.direction,
          ...(event.text !== undefined && { text: prettyText(event.text) }),
          bytes: event.bytes,
          verdict: this.messages.check(event.direction, event.text),
          echo: event.direction === 'received' && event.text !== undefined && this.sent.has(event.text),
        };
        this.frames.push(frame);
        this.log(
          `[${this.target.url}] ${event.direction === 'sent' ? '→' : '←'} ${event.text ?? `(binary, ${event.bytes} bytes)`}`,
        );
        this.post({ kind: 'frame', frame });
        this.changed();
        return;
      }
    }
  }

  private setState(state: ConnectionState): void {
    this.stateValue = state;
    this.post({ kind: 'state', state });
    this.changed();
  }

  private async saveTranscript(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `try${this.target.topic.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}.jsonl`;
    const target = await vscode.window.showSaveDialog({
      title: 'Save the Try Topic transcript',
      filters: { 'JSON lines': ['jsonl'] },
      ...(folder !== undefined && { defaultUri: vscode.Uri.joinPath(folder, name) }),
    });
    if (target !== undefined) {
      await vscode.workspace.fs.writeFile(
        target,
        new TextEncoder().encode(transcript(this.target.url, this.frames)),
      );
      this.post({ kind: 'notice', text: `Saved ${vscode.workspace.asRelativePath(target)}.` });
    }
  }

  private post(message: object): void {
    if (!this.disposed) {
      void this.panel.webview.postMessage(message);
    }
  }

  private changed(): void {
    this.listeners.forEach((listener) => listener());
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.unsubscribe();
    this.sessionValue?.close(1000);
    this.panel.dispose();
    this.changed();
  }
}

/** The transcript: one JSON line per frame (time, direction, text or size, verdict). */
export function transcript(url: string, frames: readonly PanelFrame[]): string {
  const lines = frames.map((frame) =>
    JSON.stringify({
      time: frame.time,
      url,
      direction: frame.direction,
      ...(frame.text !== undefined ? { text: frame.text } : { binaryBytes: frame.bytes }),
      validation: frame.verdict.result,
      ...(frame.verdict.result === 'invalid' && { problems: frame.verdict.problems }),
    }),
  );
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function panelHtml(webview: vscode.Webview, url: string): string {
  const nonce = randomBytes(16).toString('base64');
  const escaped = url.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px; display: flex; flex-direction: column; height: 100vh; box-sizing: border-box; margin: 0; }
header { padding: 8px 0; border-bottom: 1px solid var(--vscode-panel-border); }
#state { font-weight: 600; } #state.open { color: var(--vscode-testing-iconPassed); } #state.bad { color: var(--vscode-errorForeground); }
#fix { margin-top: 4px; } #url { opacity: .8; font-family: var(--vscode-editor-font-family); }
#frames { flex: 1; overflow-y: auto; list-style: none; padding: 0; margin: 8px 0; }
#frames li { border-left: 3px solid var(--vscode-panel-border); margin: 6px 0; padding: 2px 8px; }
#frames li.sent { border-color: var(--vscode-charts-blue); } #frames li.received { border-color: var(--vscode-charts-purple); }
#frames li.hidden { display: none; }
.meta { font-size: 90%; opacity: .85; } ul.invalid li { overflow-wrap: anywhere; } .valid { color: var(--vscode-testing-iconPassed); } .invalid { color: var(--vscode-errorForeground); }
pre { margin: 2px 0; white-space: pre-wrap; word-break: break-all; font-family: var(--vscode-editor-font-family); }
textarea { width: 100%; box-sizing: border-box; font-family: var(--vscode-editor-font-family); background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); }
footer { padding: 8px 0; border-top: 1px solid var(--vscode-panel-border); }
button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 4px 10px; margin: 4px 4px 0 0; cursor: pointer; }
button.primary { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
button:focus-visible, textarea:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
input { width: 5em; background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); }
kbd { font-size: 85%; opacity: .8; }
</style></head>
<body>
<header><div><span id="state" role="status" aria-live="polite">connecting…</span> <span id="url">${escaped}</span></div>
<div id="fix" hidden></div><div id="notice" role="status" aria-live="polite"></div></header>
<ol id="frames" aria-label="Messages" aria-live="polite"></ol>
<footer>
<label for="input">Message (<kbd>Ctrl+Enter</kbd> sends)</label>
<textarea id="input" rows="5" autofocus></textarea>
<div>
<button id="send" class="primary" title="Ctrl+Enter">Send</button>
<button id="example" title="Alt+E">Example</button>
<button id="binary" title="Sends the text's UTF-8 bytes as one binary frame">Send Binary</button>
<button id="ping">Ping</button>
<button id="pause" aria-pressed="false" title="Alt+P: hold back what the server sends on its own (echoes still show)">Pause Received</button>
<label for="code">Close code</label> <input id="code" value="1000" inputmode="numeric">
<button id="close">Close</button>
<button id="reconnect">Reconnect</button>
<button id="credential" hidden>Set Credential</button>
<button id="save">Save Transcript</button>
</div></footer>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const $ = (id) => document.getElementById(id);
const input = $('input'), list = $('frames');
let paused = false, held = 0;
const send = (kind, extra) => vscode.postMessage(Object.assign({ kind }, extra || {}));
function showState(s) {
  const el = $('state'); el.className = s.state === 'open' ? 'open' : (s.state === 'connecting' ? '' : 'bad');
  el.textContent = s.state === 'open' ? 'connected' : s.state === 'connecting' ? 'connecting…'
    : s.state === 'refused' ? 'refused: ' + s.status + ' ' + s.body
    : s.state === 'closed' ? 'closed ' + s.code + (s.reason ? ' ' + s.reason : '') : 'cannot connect: ' + s.message;
  $('fix').hidden = s.state !== 'refused'; $('fix').textContent = s.state === 'refused' ? s.fix : '';
  $('credential').hidden = !(s.state === 'refused' && s.status === 401);
}
function addFrame(f) {
  const li = document.createElement('li');
  li.className = f.direction; li.tabIndex = 0;
  const meta = document.createElement('div'); meta.className = 'meta';
  const mark = document.createElement('span');
  const v = f.verdict;
  mark.className = v.result === 'valid' ? 'valid' : v.result === 'invalid' ? 'invalid' : '';
  mark.textContent = v.result === 'valid' ? '✓ valid' + (v.message ? ' (' + v.message + ')' : '') : v.result === 'invalid' ? '✗ invalid' : 'not checked';
  meta.textContent = new Date(f.time).toLocaleTimeString() + '  ' + (f.direction === 'sent' ? '→ sent' : '← received') + (f.echo ? ' (echo)' : '') + '  ' + f.bytes + ' B  ';
  meta.appendChild(mark); li.appendChild(meta);
  const pre = document.createElement('pre'); pre.textContent = f.text === undefined ? '(binary, ' + f.bytes + ' bytes)' : f.text; li.appendChild(pre);
  if (v.result === 'invalid') { const ul = document.createElement('ul'); ul.className = 'invalid'; v.problems.forEach((p) => { const i = document.createElement('li'); i.textContent = p; ul.appendChild(i); }); li.appendChild(ul); }
  li.setAttribute('aria-label', meta.textContent + ' ' + pre.textContent);
  if (paused && f.direction === 'received' && !f.echo) { li.classList.add('hidden'); held++; showPause(); }
  list.appendChild(li); if (!li.classList.contains('hidden')) li.scrollIntoView({ block: 'end' });
}
function showPause() { $('pause').textContent = paused ? 'Resume Received (' + held + ' held)' : 'Pause Received'; $('pause').setAttribute('aria-pressed', String(paused)); }
function togglePause() { paused = !paused; if (!paused) { list.querySelectorAll('li.hidden').forEach((li) => li.classList.remove('hidden')); held = 0; } showPause(); }
window.addEventListener('message', (event) => {
  const m = event.data;
  if (m.kind === 'reset') { list.textContent = ''; m.frames.forEach(addFrame); showState(m.state); }
  else if (m.kind === 'frame') addFrame(m.frame);
  else if (m.kind === 'state') showState(m.state);
  else if (m.kind === 'fill') { input.value = m.text; input.focus(); }
  else if (m.kind === 'notice') $('notice').textContent = m.text;
});
$('send').onclick = () => { send('send', { text: input.value }); input.focus(); };
$('binary').onclick = () => send('binary', { text: input.value });
$('example').onclick = () => send('example');
$('ping').onclick = () => send('ping');
$('pause').onclick = togglePause;
$('close').onclick = () => send('close', { code: Number($('code').value) });
$('reconnect').onclick = () => send('reconnect');
$('credential').onclick = () => send('credential');
$('save').onclick = () => send('save');
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send('send', { text: input.value }); }
  else if (e.altKey && e.key.toLowerCase() === 'e') { e.preventDefault(); send('example'); }
  else if (e.altKey && e.key.toLowerCase() === 'p') { e.preventDefault(); togglePause(); }
});
send('ready');
</script></body></html>`;
}
