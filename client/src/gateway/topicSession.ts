// One connection to a topic through the gateway, as events (no VS Code API here): what Try Topic's panel shows.
import WebSocket from 'ws';

export type SessionEvent =
  | { readonly kind: 'open' }
  /** The gateway answered the handshake with an HTTP status instead of the upgrade (e.g. 401 Invalid Credentials). */
  | { readonly kind: 'refused'; readonly status: number; readonly body: string }
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'frame';
      readonly direction: 'sent' | 'received';
      readonly text?: string;
      readonly bytes: number;
    }
  | { readonly kind: 'pong' }
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string };

export class TopicSession {
  /** The text frames received, in order (binary ones as `(binary, N bytes)`). */
  readonly received: string[] = [];
  private readonly socket: WebSocket;
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  private readonly waiters: (() => void)[] = [];
  /** Resolves when the handshake succeeded, rejects with the gateway's answer when it failed. */
  readonly opened: Promise<void>;
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(
    readonly url: string,
    headers: Record<string, string>,
  ) {
    this.socket = new WebSocket(url, { headers });
    const path = url.replace(/^wss?:\/\/[^/]+/, '');
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => {
        this.emit({ kind: 'open' });
        resolve();
      });
      this.socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          this.emit({ kind: 'refused', status, body: body.trim() });
          reject(new Error(`the gateway refused the connection to ${path}: ${status} ${body.trim()}`.trim()));
        });
      });
      this.socket.once('error', (error) => {
        this.emit({ kind: 'error', message: error.message });
        reject(new Error(`cannot connect to ${path}: ${error.message}`));
      });
    });
    this.opened.catch(() => undefined); // reported by whoever awaits it
    this.closed = new Promise((resolve) => {
      this.socket.once('close', (code, reason) => {
        const text = reason.toString();
        this.emit({ kind: 'closed', code, reason: text });
        resolve({ code, reason: text });
        this.waiters.splice(0).forEach((wake) => wake());
      });
    });
    this.socket.on('pong', () => this.emit({ kind: 'pong' }));
    this.socket.on('message', (data, isBinary) => {
      const buffer = asBuffer(data);
      const text = isBinary ? undefined : buffer.toString('utf8');
      this.received.push(text ?? `(binary, ${buffer.byteLength} bytes)`);
      this.emit({
        kind: 'frame',
        direction: 'received',
        ...(text !== undefined && { text }),
        bytes: buffer.byteLength,
      });
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  /** Calls `listener` with every event from now on; returns the unsubscribe function. */
  onEvent(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(text: string): void {
    this.socket.send(text);
    this.emit({ kind: 'frame', direction: 'sent', text, bytes: Buffer.byteLength(text) });
  }

  /** Sends `data` as one binary frame. */
  sendBinary(data: Uint8Array): void {
    this.socket.send(data, { binary: true });
    this.emit({ kind: 'frame', direction: 'sent', bytes: data.byteLength });
  }

  ping(): void {
    this.socket.ping();
  }

  /** Resolves once at least `count` messages were received (or the connection closed). */
  async receivedAtLeast(count: number): Promise<readonly string[]> {
    while (this.received.length < count && this.socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.received;
  }

  /** Closes with `code` (1000, or 3000-4999) and `reason`. */
  close(code = 1000, reason = ''): void {
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.close(code, reason);
    } else if (this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.terminate();
    }
  }

  private emit(event: SessionEvent): void {
    this.listeners.forEach((listener) => listener(event));
  }
}

/** Whether a close code can be sent by a client: 1000, or 3000 to 4999. */
export function isSendableCloseCode(code: number): boolean {
  return Number.isInteger(code) && (code === 1000 || (code >= 3000 && code <= 4999));
}

/** How to fix a refused handshake, by the gateway's status. */
export function refusalFix(status: number): string {
  switch (status) {
    case 401:
      return 'The gateway does not accept the credential sent (or none was): set the one it should accept (Set Credential), then reconnect.';
    case 403:
      return "The gateway refused the handshake's origin or scope: check the topic's x-scopes and the gateway's cors settings.";
    case 404:
      return 'The gateway serves no such topic: save the definition (the gateway reloads it) and check the topic and its parameters.';
    case 502:
      return "The API's backend is not reachable: start it, or stop the gateway and start it with the mock backend.";
    default:
      return 'See the output "WebSocket API Gateway" for what the gateway said.';
  }
}

function asBuffer(data: WebSocket.RawData): Buffer {
  if (Array.isArray(data)) {
    return Buffer.concat(data);
  }
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}
