import WebSocket from 'ws';

export interface BackendOptions {
  /** How long to wait for the backend's handshake before answering 502. */
  readonly connectTimeoutMs: number;
  readonly maxPayload: number;
  /** Headers of the backend handshake (the forwarded ones). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Raised when the backend cannot be reached; the message names the cause. */
export class BackendError extends Error {}

/**
 * Opens the WebSocket to the backend, offering the client's sub-protocols. Resolves once it is open; rejects
 * with the cause when it is refused, times out, answers something else than 101, or `abort` is called.
 */
export function connectBackend(
  url: string,
  protocols: readonly string[],
  options: BackendOptions,
): { opened: Promise<WebSocket>; abort: () => void } {
  let backend: WebSocket;
  try {
    backend = new WebSocket(url, [...protocols], {
      handshakeTimeout: options.connectTimeoutMs,
      maxPayload: options.maxPayload,
      perMessageDeflate: false,
      followRedirects: false,
      ...(options.headers !== undefined && { headers: { ...options.headers } }),
    });
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    return { opened: Promise.reject(new BackendError(cause)), abort: () => undefined };
  }
  const opened = new Promise<WebSocket>((resolve, reject) => {
    const fail = (cause: string): void => {
      backend.removeAllListeners();
      backend.on('error', () => undefined);
      backend.terminate();
      reject(new BackendError(cause));
    };
    backend.once('open', () => {
      // Hold the backend's first messages until the client is accepted and the relay listens.
      backend.pause();
      backend.removeAllListeners('unexpected-response');
      backend.removeAllListeners('error');
      backend.on('error', () => undefined); // until the relay listens; 'close' follows every 'error'
      resolve(backend);
    });
    backend.once('error', (error: NodeJS.ErrnoException) => fail(describeBackendError(error, options)));
    backend.once('unexpected-response', (_request, response) => {
      response.resume();
      fail(`the backend answered HTTP ${response.statusCode ?? '?'} instead of switching protocols`);
    });
  });
  return { opened, abort: () => backend.terminate() };
}

/** The cause of a failed backend connection in words, for the 502 answer. */
export function describeBackendError(error: NodeJS.ErrnoException, options: BackendOptions): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the backend running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    default:
      return /timed out/i.test(error.message)
        ? `no answer within ${options.connectTimeoutMs} ms`
        : error.message || String(error.code);
  }
}
