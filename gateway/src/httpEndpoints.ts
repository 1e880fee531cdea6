import type { IncomingMessage, ServerResponse } from 'node:http';

import { NO_MATCHING_API } from './constants';
import { splitTarget } from './handshake';
import type { GatewayMetrics } from './metrics';

/**
 * The gateway's plain HTTP answers (requests that are not handshakes): `GET /health`, `GET /metrics` in the
 * Prometheus text format, and WSO2's 404 for anything else.
 */
export function handleHttpRequest(
  request: IncomingMessage,
  response: ServerResponse,
  metrics: GatewayMetrics,
): void {
  const { path } = splitTarget(request.url);
  if (request.method === 'GET' && path === '/health') {
    response.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('OK');
    return;
  }
  if (request.method === 'GET' && path === '/metrics') {
    response
      .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' })
      .end(metrics.render());
    return;
  }
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8' }).end(`${NO_MATCHING_API}${path}`);
}
