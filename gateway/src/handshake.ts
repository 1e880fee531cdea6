import type { IncomingHttpHeaders } from 'node:http';

/** Why a request cannot be a WebSocket handshake (checked before any backend is contacted), or undefined. */
export function handshakeProblem(
  method: string | undefined,
  headers: IncomingHttpHeaders,
): string | undefined {
  if (method !== 'GET') {
    return 'A WebSocket handshake must be a GET request.';
  }
  if (headers.upgrade?.toLowerCase() !== 'websocket') {
    return "A WebSocket handshake needs 'Upgrade: websocket'.";
  }
  const key = headers['sec-websocket-key'];
  if (key === undefined || !/^[+/0-9A-Za-z]{22}==$/.test(key)) {
    return 'The Sec-WebSocket-Key header is missing or invalid.';
  }
  const version = headers['sec-websocket-version'];
  if (version !== '13' && version !== '8') {
    return 'Only WebSocket version 13 is supported (Sec-WebSocket-Version: 13).';
  }
  return undefined;
}

/** The sub-protocols a client offers, in its order. */
export function offeredProtocols(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((protocol) => protocol.trim())
    .filter((protocol) => protocol !== '');
}

/** Splits a request target into its path and its query (without `?`). */
export function splitTarget(target: string | undefined): { path: string; query: string } {
  const url = target ?? '/';
  const at = url.indexOf('?');
  return at === -1 ? { path: url, query: '' } : { path: url.slice(0, at), query: url.slice(at + 1) };
}
