import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

import { BackendError, describeBackendError, type BackendOptions } from './backendConnection';

/** RFC 6455 section 1.3: appended to the key before hashing it into Sec-WebSocket-Accept. */
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * The upgraded backend socket's error listener, made outside connectRawBackend on purpose: a closure made in it
 * would keep the handshake (request, response, agent, timer, URL) alive as long as the connection, ~5 KiB each.
 */
const ignoreError = (): void => undefined; // the relay listens for 'close', which follows every 'error'

/** A backend whose handshake succeeded, with its socket not yet read from. */
export interface RawBackend {
  readonly socket: Socket;
  /** Bytes the backend sent right after its 101 answer (already frames). */
  readonly head: Buffer;
  /** The sub-protocol the backend chose; '' for none. */
  readonly protocol: string;
}

/**
 * Opens the backend connection for a raw relay: the same handshake `ws` would make (the client's
 * sub-protocols offered, no extension offered: permessage-deflate is off on both legs, as in the frame path)
 * and the same checks of the answer, but the upgraded socket is handed over as it is, unread.
 */
export function connectRawBackend(
  url: string,
  protocols: readonly string[],
  options: BackendOptions,
): { opened: Promise<RawBackend>; abort: () => void } {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { opened: Promise.reject(new BackendError(`Invalid URL: ${url}`)), abort: () => undefined };
  }
  const secure = target.protocol === 'wss:' || target.protocol === 'https:';
  if (!secure && target.protocol !== 'ws:' && target.protocol !== 'http:') {
    const reason = `The URL's protocol must be one of "ws:", "wss:", "http:", or "https:"`;
    return { opened: Promise.reject(new BackendError(reason)), abort: () => undefined };
  }
  const key = randomBytes(16).toString('base64');
  const headers: Record<string, string> = {
    ...options.headers,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': key,
  };
  if (protocols.length > 0) {
    headers['Sec-WebSocket-Protocol'] = protocols.join(',');
  }
  let upgraded: Socket | undefined;
  let request: ClientRequest;
  const opened = new Promise<RawBackend>((resolve, reject) => {
    request = (secure ? httpsRequest : httpRequest)({
      hostname: target.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: target.port === '' ? (secure ? 443 : 80) : Number(target.port),
      path: `${target.pathname}${target.search}`,
      headers,
      agent: false,
    });
    const timer = setTimeout(
      () => fail(`no answer within ${options.connectTimeoutMs} ms`),
      options.connectTimeoutMs,
    );
    const fail = (cause: string): void => {
      clearTimeout(timer);
      request.destroy();
      upgraded?.destroy();
      reject(new BackendError(cause));
    };
    request.once('error', (error: NodeJS.ErrnoException) => fail(describeBackendError(error, options)));
    request.once('response', (response) => {
      response.resume();
      fail(`the backend answered HTTP ${response.statusCode ?? '?'} instead of switching protocols`);
    });
    request.once('upgrade', (response, socket: Socket, head: Buffer) => {
      upgraded = socket;
      socket.on('error', ignoreError);
      const problem = answerProblem(response.headers, key, protocols);
      if (problem !== undefined) {
        fail(problem);
        return;
      }
      clearTimeout(timer);
      socket.setNoDelay(true);
      socket.setTimeout(0);
      const protocol = response.headers['sec-websocket-protocol'] ?? '';
      resolve({ socket, head, protocol });
    });
    request.end();
  });
  return {
    opened,
    abort: () => {
      request.destroy();
      upgraded?.destroy();
    },
  };
}

/** What is wrong with a backend's 101 answer (the checks `ws` makes as a client), or undefined. */
export function answerProblem(
  headers: IncomingHttpHeaders,
  key: string,
  protocols: readonly string[],
): string | undefined {
  if (headers.upgrade?.toLowerCase() !== 'websocket') {
    return "the backend's 101 answer has no 'Upgrade: websocket'";
  }
  if (headers['sec-websocket-accept'] !== acceptOf(key)) {
    return "the backend's Sec-WebSocket-Accept does not match the key (is it a WebSocket server?)";
  }
  const chosen = headers['sec-websocket-protocol'];
  if (chosen !== undefined && !protocols.includes(chosen)) {
    return protocols.length === 0
      ? `the backend chose the sub-protocol '${chosen}' though the client offered none`
      : `the backend chose the sub-protocol '${chosen}', which the client did not offer`;
  }
  if (chosen === undefined && protocols.length > 0) {
    return `the backend accepted none of the sub-protocols the client offered (${protocols.join(', ')})`;
  }
  if (headers['sec-websocket-extensions'] !== undefined) {
    return `the backend answered with extensions (${headers['sec-websocket-extensions']}) though none were offered`;
  }
  return undefined;
}

/** The Sec-WebSocket-Accept value for a Sec-WebSocket-Key (RFC 6455 section 4.2.2). */
export function acceptOf(key: string): string {
  return createHash('sha1')
    .update(key + WEBSOCKET_GUID)
    .digest('base64');
}

/**
 * Accepts the client's handshake (already checked by handshakeProblem) with the backend's sub-protocol, as
 * `ws` would: 101, the accept key, no extension.
 */
export function acceptRawClient(socket: Duplex, key: string, protocol: string): void {
  const lines = [
    'HTTP/1.1 101 Switching Protocols',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${acceptOf(key)}`,
  ];
  if (protocol !== '') {
    lines.push(`Sec-WebSocket-Protocol: ${protocol}`);
  }
  socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}
