import { parseArgs } from 'node:util';

import { WSO2_VERSIONS, wso2VersionOf, type Wso2Version } from '../../core/src/wso2/wso2Versions';
import { DEFAULT_HOST, DEFAULT_MOCK_INTERVAL_MS, DEFAULT_WS_PORT } from './constants';
import { DEFAULT_TLS_PORT } from './tls';

export interface GatewayCommandLine {
  readonly host: string;
  readonly port: number;
  /** The wss port (`--tls-port`, plus `--port-offset`); undefined with `--tls-port off`. */
  readonly tlsPort?: number;
  /** API project folders, api.yaml files, AsyncAPI files or folders to search. */
  readonly paths: readonly string[];
  /** Serve each API from a built-in mock backend instead of its endpoints. */
  readonly mock: boolean;
  /** How often the mock sends an example on a SUBSCRIBE topic. */
  readonly mockIntervalMs: number;
  /** The YAML file with the accepted credentials (`--config`); none: secured topics answer 401. */
  readonly configFile?: string;
  /**
   * `--config-ipc`: the config's YAML text comes from the parent process over Node's IPC channel instead of a
   * file (how the editor hands over credentials without writing them to disk).
   */
  readonly configIpc?: boolean;
  /** Where the traffic log goes (`--log FILE`, `-` for stdout); none: no traffic log. */
  readonly logFile?: string;
  /** Drop frames whose payload does not match their message schema (4005), instead of only reporting them. */
  readonly strict?: boolean;
  /** `--wso2-version`: answer as this WSO2 version for every API; absent: each as its api.yaml says. */
  readonly wso2Version?: Wso2Version;
}

export type ParsedCommandLine =
  | { readonly kind: 'run'; readonly options: GatewayCommandLine }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export const USAGE = `Usage: wsapi-gateway [--port ${DEFAULT_WS_PORT}] [--tls-port ${DEFAULT_TLS_PORT}|off] [--port-offset N] [--host ${DEFAULT_HOST}] [--mock] [--config FILE|--config-ipc] [--log FILE] [--strict] [--wso2-version 4.x] PATH...

Serves the WebSocket API projects found in PATH (API project folders, api.yaml files, or folders to search
for them) at ws://HOST:PORT/{context}/{version}/{topic}, as the WSO2 gateway does. A PATH may also be an
AsyncAPI file (2.x or 3.x), served without api.yaml: context from x-wso2-basePath or the info.title slug,
version from info.version, backend from its ws/wss server (production, else the first; none: --mock).

Options:
  --port N     port to listen on (default ${DEFAULT_WS_PORT}; 0 picks a free port and prints it)
  --tls-port N port of the wss listener (default ${DEFAULT_TLS_PORT}; with --port 0 a free port; off: no wss);
               it serves tls.cert/tls.key from --config, else a self-signed localhost certificate
               cached in ~/.cache/wsapi/tls, whose SHA-256 fingerprint is printed
  --port-offset N
               added to both ports, as WSO2's [server] offset (default 0)
  --host H     address to bind (default ${DEFAULT_HOST}; use 0.0.0.0 to accept other machines)
  --mock       answer from a built-in backend per API: it echoes what clients publish and sends the
               AsyncAPI message examples on SUBSCRIBE topics
  --mock-interval MS
               time between two examples from the mock (default ${DEFAULT_MOCK_INTERVAL_MS})
  --config FILE
               YAML file with the credentials secured topics accept (auth.apiKeys, auth.oauth2.tokens,
               auth.oauth2.jwt); without it every topic whose auth type is not None answers 401; also
               tls:, cors:, headers:, limits: and frame quotas (throttling:). Served definitions and this
               file are watched: new handshakes use what they say now, open connections stay
  --config-ipc the same config as YAML text from the process that forked the gateway, as Node IPC
               messages { config: TEXT }: the gateway waits for the first before it starts; each
               later one applies like an edit of the file and is answered { configApplied: true }
               or { configFailed: MESSAGE }
  --log FILE   append one JSON line per connection and frame to FILE (- for stdout); credentials are
               never logged
  --strict     drop frames whose payload does not match their AsyncAPI message schema and tell the
               client (Error code: 4005); without it they are relayed and reported on stderr
  --wso2-version V
               answer as WSO2 API Manager V (${WSO2_VERSIONS[0]} to ${WSO2_VERSIONS[WSO2_VERSIONS.length - 1]}) does: open topics, API keys, client query
               parameters, error texts; default: the version each api.yaml says (its top-level
               version:), the newest for an AsyncAPI file or an api.yaml without one
  -h, --help   show this help`;

/** Reads the gateway's command line; every mistake comes back as a message naming the fix. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        port: { type: 'string' },
        'tls-port': { type: 'string' },
        'port-offset': { type: 'string' },
        host: { type: 'string' },
        mock: { type: 'boolean' },
        'mock-interval': { type: 'string' },
        config: { type: 'string' },
        'config-ipc': { type: 'boolean' },
        log: { type: 'string' },
        strict: { type: 'boolean' },
        'wso2-version': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return {
      kind: 'error',
      message: `${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`,
    };
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    return { kind: 'help' };
  }
  const port = parsePort(values.port);
  if (port === undefined) {
    return {
      kind: 'error',
      message: `--port must be a whole number from 0 to 65535, not '${values.port ?? ''}'.`,
    };
  }
  const offset = values['port-offset'] === undefined ? 0 : parsePort(values['port-offset']);
  if (offset === undefined) {
    return {
      kind: 'error',
      message: `--port-offset must be a whole number from 0 to 65535, not '${values['port-offset'] ?? ''}'.`,
    };
  }
  const ports = offsetPorts(port, values['tls-port'], offset, values.port === undefined);
  if (typeof ports === 'string') {
    return { kind: 'error', message: ports };
  }
  const host = values.host ?? DEFAULT_HOST;
  if (host.trim() === '') {
    return { kind: 'error', message: '--host must not be empty: give an address such as 127.0.0.1.' };
  }
  const mockIntervalMs = parseInterval(values['mock-interval']);
  if (mockIntervalMs === undefined) {
    return {
      kind: 'error',
      message: `--mock-interval must be a whole number of milliseconds from 1 to 3600000, not '${values['mock-interval'] ?? ''}'.`,
    };
  }
  const configFile = values.config;
  if (configFile?.trim() === '') {
    return { kind: 'error', message: '--config must name a YAML file, e.g. --config gateway.yaml.' };
  }
  const configIpc = values['config-ipc'] === true;
  if (configIpc && configFile !== undefined) {
    return { kind: 'error', message: '--config and --config-ipc exclude each other: give one of them.' };
  }
  const versionText = values['wso2-version'];
  // A release line wsapi knows, exactly: 4.2, 4.2.0 or v4.2.0 (a version of api.yaml may be older or newer).
  const exact = versionText !== undefined && /^v?4\.\d+(?:\.\d+)?$/.test(versionText.trim());
  const wso2Version = exact ? wso2VersionOf(versionText) : undefined;
  const known =
    wso2Version !== undefined &&
    versionText?.trim().replace(/^v/, '').split('.').slice(0, 2).join('.') === wso2Version;
  if (versionText !== undefined && !known) {
    return {
      kind: 'error',
      message: `--wso2-version must be a WSO2 API Manager version from ${WSO2_VERSIONS.join(', ')}, not '${versionText}'.`,
    };
  }
  const logFile = values.log;
  if (logFile?.trim() === '') {
    return { kind: 'error', message: '--log must name a file, e.g. --log traffic.jsonl, or - for stdout.' };
  }
  return {
    kind: 'run',
    options: {
      host,
      port: ports.port,
      ...(ports.tlsPort !== undefined && { tlsPort: ports.tlsPort }),
      paths: positionals,
      mock: values.mock === true,
      mockIntervalMs,
      ...(configFile !== undefined && { configFile }),
      ...(configIpc && { configIpc }),
      ...(logFile !== undefined && { logFile }),
      ...(values.strict === true && { strict: true }),
      ...(wso2Version !== undefined && { wso2Version }),
    },
  };
}

/**
 * The ws and wss ports with WSO2's offset added (a port 0 stays 0: a free port). Without --tls-port the wss
 * port is 8099, or a free one when --port is 0. Returns the message of a mistake.
 */
export function offsetPorts(
  port: number,
  tlsText: string | undefined,
  offset: number,
  portDefaulted: boolean,
): { port: number; tlsPort?: number } | string {
  const shift = (value: number): number => (value === 0 ? 0 : value + offset);
  let tlsPort: number | undefined;
  if (tlsText === undefined) {
    tlsPort = port === 0 && !portDefaulted ? 0 : DEFAULT_TLS_PORT;
  } else if (tlsText.toLowerCase() !== 'off') {
    tlsPort = /^\d{1,5}$/.test(tlsText) && Number(tlsText) <= 65535 ? Number(tlsText) : undefined;
    if (tlsPort === undefined) {
      return `--tls-port must be a whole number from 0 to 65535, or off, not '${tlsText}'.`;
    }
  }
  const shifted = { port: shift(port), ...(tlsPort !== undefined && { tlsPort: shift(tlsPort) }) };
  const over = [shifted.port, shifted.tlsPort ?? 0].some((value) => value > 65535);
  if (over) {
    return `--port-offset ${offset} takes a port above 65535: use a smaller offset.`;
  }
  if (shifted.tlsPort !== undefined && shifted.tlsPort !== 0 && shifted.tlsPort === shifted.port) {
    return `--port and --tls-port are both ${shifted.port}: give them different ports, or --tls-port off.`;
  }
  return shifted;
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) {
    return DEFAULT_WS_PORT;
  }
  if (!/^\d{1,5}$/.test(text)) {
    return undefined;
  }
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

function parseInterval(text: string | undefined): number | undefined {
  if (text === undefined) {
    return DEFAULT_MOCK_INTERVAL_MS;
  }
  const interval = /^\d{1,7}$/.test(text) ? Number(text) : 0;
  return interval >= 1 && interval <= 3_600_000 ? interval : undefined;
}
