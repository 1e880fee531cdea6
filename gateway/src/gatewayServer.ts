import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';

import { NO_MATCHING_API } from './constants';
import { rejectHandshake } from './httpResponse';

export interface GatewayOptions {
  /** Address to bind; 127.0.0.1 unless the user asks for more. */
  readonly host: string;
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
}

export interface Gateway {
  /** `ws://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, closes every connection and resolves when the port is free again. */
  close(): Promise<void>;
}

/** Raised when the gateway cannot start; the message names the cause and the fix. */
export class GatewayStartError extends Error {}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const webSockets = new WebSocketServer({ noServer: true });
  const server = createServer(handleRequest);
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    const path = requestPath(request);
    rejectHandshake(socket, 404, `${NO_MATCHING_API}${path}`);
  });
  await listen(server, options);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://${urlHost(options.host)}:${port}`,
    port,
    close: () => close(server, webSockets),
  };
}

function handleRequest(request: IncomingMessage, response: ServerResponse): void {
  const path = requestPath(request);
  if (request.method === 'GET' && path === '/health') {
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('OK');
    return;
  }
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' }).end(`${NO_MATCHING_API}${path}`);
}

function requestPath(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

function listen(server: Server, options: GatewayOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(startError(error, options)));
    server.listen(options.port, options.host, () => resolve());
  });
}

function startError(error: NodeJS.ErrnoException, { host, port }: GatewayOptions): GatewayStartError {
  switch (error.code) {
    case 'EADDRINUSE':
      return new GatewayStartError(
        `Port ${port} on ${host} is already in use. Stop the process that holds it, or pass --port with another port (--port 0 picks a free one).`,
      );
    case 'EACCES':
      return new GatewayStartError(`Not allowed to listen on ${host}:${port}. Use a port above 1023.`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new GatewayStartError(`${host} is not an address of this machine. Pass --host 127.0.0.1.`);
    default:
      return new GatewayStartError(`Cannot listen on ${host}:${port}: ${error.message}`);
  }
}

function close(server: Server, webSockets: WebSocketServer): Promise<void> {
  for (const client of webSockets.clients) {
    client.terminate();
  }
  return new Promise((resolve) => {
    server.close(() => webSockets.close(() => resolve()));
    server.closeAllConnections();
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
