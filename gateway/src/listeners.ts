import type { Server } from 'node:http';

/** Raised when the gateway cannot start; the message names the cause and the fix. */
export class GatewayStartError extends Error {}

/** Where a listener binds, and the command-line flag that sets its port (for messages). */
export interface ListenAt {
  readonly host: string;
  readonly port: number;
  readonly flag: string;
}

/** Listens; a failure rejects with a GatewayStartError that says how to fix it. */
export function listen(server: Server, at: ListenAt): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(startError(error, at)));
    server.listen(at.port, at.host, () => resolve());
  });
}

function startError(error: NodeJS.ErrnoException, { host, port, flag }: ListenAt): GatewayStartError {
  switch (error.code) {
    case 'EADDRINUSE':
      return new GatewayStartError(
        `Port ${port} on ${host} is already in use. Stop the process that holds it, or pass ${flag} with another port (${flag} 0 picks a free one).`,
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

/** Stops a listener and resolves once its port is free. */
export function closeListener(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}

/** `ws://` + this + `:port`: an IPv6 address in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
