// The backend of `npm run bench:gateway`: a plain `ws` echo server (permessage-deflate off) in a process of its
// own, so that it shares no event loop with the load generator or the proxy in front of it. Prints
// `listening ws://127.0.0.1:PORT` once it accepts connections; stops on SIGTERM, or when its stdin ends (the
// parent went away).
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  perMessageDeflate: false,
  clientTracking: false,
  backlog: 4096,
});

server.on('connection', (socket) => {
  socket.on('error', () => undefined);
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
});

server.on('listening', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening ws://127.0.0.1:${port}\n`);
});

server.on('error', (error) => {
  process.stderr.write(`echo backend: ${error.message}\n`);
  process.exit(1);
});

const stop = (): void => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop).resume();
