import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

/**
 * Answers a WebSocket handshake with a plain HTTP response instead of an upgrade, as the WSO2 gateway does:
 * `text/plain; charset=UTF-8`, the message as body, connection closed.
 */
export function rejectHandshake(socket: Duplex, status: number, body: string): void {
  const payload = Buffer.from(body, 'utf8');
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: text/plain; charset=UTF-8',
    `Content-Length: ${payload.length}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
}
