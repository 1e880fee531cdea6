import { parseCommandLine, USAGE, type GatewayCommandLine } from '../cli';
import { isOpenTopic } from '../authentication';
import { isRecord } from '../../../core/src/document/documentKind';
import {
  GatewayConfigError,
  loadGatewayConfig,
  NO_CREDENTIALS,
  readGatewayConfig,
  type GatewayConfig,
} from '../gatewayConfig';
import { GatewayStartError, startGateway, type Gateway } from '../gatewayServer';
import { watchForReload } from '../hotReload';
import { loadApiProjects, ProjectLoadError, type LoadedProjects } from '../projectLoader';
import { versionLines, type ServedApi } from '../routing';
import { wso2Profile } from '../../../core/src/wso2/wso2Versions';
import { defaultTlsCacheDir, loadTlsCredentials, TlsError, type TlsCredentials } from '../tls';
import { openTrafficLog, TrafficLogError, type TrafficLog } from '../trafficLog';

async function main(argv: readonly string[]): Promise<number> {
  const commandLine = parseCommandLine(argv);
  if (commandLine.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (commandLine.kind === 'error') {
    console.error(`wsapi-gateway: ${commandLine.message}`);
    return 2;
  }
  const options = commandLine.options;
  let gateway: Gateway | undefined;
  let ipcConfig: GatewayConfig | undefined;
  if (options.configIpc === true) {
    if (process.send === undefined) {
      console.error(
        'wsapi-gateway: --config-ipc needs the process that starts the gateway to fork it with an IPC channel; ' +
          'from a terminal, use --config FILE.',
      );
      return 2;
    }
    // The first config is awaited before the start; each later one reloads, as an edit of a --config file does.
    await new Promise<void>((resolve) =>
      listenForIpcConfig(async (config) => {
        ipcConfig = config;
        if (gateway === undefined) {
          resolve();
        } else {
          await reload(gateway, options, () => ipcConfig);
        }
      }),
    );
  }
  const readConfig = (): GatewayConfig | undefined =>
    options.configFile === undefined ? ipcConfig : loadGatewayConfig(options.configFile);
  try {
    gateway = await start(options, readConfig);
  } catch (error) {
    if (
      error instanceof GatewayStartError ||
      error instanceof ProjectLoadError ||
      error instanceof GatewayConfigError ||
      error instanceof TrafficLogError ||
      error instanceof TlsError
    ) {
      console.error(`wsapi-gateway: cannot start:\n${error.message}`);
      return 1;
    }
    throw error;
  }
  const { configFile, paths } = options;
  const served = gateway;
  const watcher = watchForReload({
    paths: configFile === undefined ? paths : [...paths, configFile],
    reload: () => reload(served, options, readConfig),
    failed: (error) =>
      console.error(
        `wsapi-gateway: reload failed, still serving the last good definitions and config:\n${error instanceof Error ? error.message : String(error)}`,
      ),
  });
  // Listen for signals before saying 'listening': whoever reads that line may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      console.log(`wsapi-gateway: ${signal}: stopping`);
      watcher.close();
      void served.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // Once serving, the IPC channel alone does not keep the gateway alive: a stop ends it.
  process.channel?.unref();
  console.log(`listening ${served.url}`);
  if (served.tlsUrl !== undefined) {
    console.log(`listening ${served.tlsUrl}`);
  }
  await stopped;
  return 0;
}

/** What `--config-ipc` calls its config in messages. */
const IPC_CONFIG = '--config-ipc';

/**
 * `--config-ipc`: each `{ config: TEXT }` message from the parent is read like a config file and handed to
 * `apply`; the parent gets `{ configApplied: true }` or `{ configFailed: MESSAGE }`, except for the first, which
 * the start answers (`listening`, or `cannot start` with a bad config).
 */
function listenForIpcConfig(apply: (config: GatewayConfig) => Promise<void>): void {
  let first = true;
  process.on('message', (message: unknown) => {
    if (!isRecord(message) || typeof message.config !== 'string') {
      return;
    }
    const answer = first ? (): void => undefined : (reply: object): void => void process.send?.(reply);
    const reading = readGatewayConfig(message.config, IPC_CONFIG);
    if (reading.kind === 'error' && first) {
      console.error(`wsapi-gateway: cannot start:\n${reading.message}`);
      process.exitCode = 1;
      process.channel?.unref(); // nothing else runs yet: the gateway ends
      return;
    }
    first = false;
    if (reading.kind === 'error') {
      console.error(`wsapi-gateway: config not applied, still using the last good one:\n${reading.message}`);
      answer({ configFailed: reading.message });
      return;
    }
    apply(reading.config).then(
      () => answer({ configApplied: true }),
      (error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        console.error(
          `wsapi-gateway: reload failed, still serving the last good definitions and config:\n${text}`,
        );
        answer({ configFailed: text });
      },
    );
  });
}

async function start(
  options: GatewayCommandLine,
  readConfig: () => GatewayConfig | undefined,
): Promise<Gateway> {
  const config = readConfig();
  const loaded = load(options);
  const { apis, notes } = loaded;
  notes.forEach((note) => console.error(`wsapi-gateway: ${note}`));
  if (options.paths.length === 0) {
    console.error(
      'wsapi-gateway: no API project given: every handshake gets 404. Pass an API project folder.',
    );
  }
  const credentials = config?.auth ?? NO_CREDENTIALS;
  const rules = config?.throttling?.length ?? 0;
  // Counts only: a credential never appears in the output.
  if (config !== undefined) {
    console.error(
      `wsapi-gateway: ${options.configFile ?? IPC_CONFIG}: ${plural(credentials.apiKeys.length, 'API key')}, ` +
        `${plural(credentials.oauth2Tokens.length, 'OAuth2 token')}` +
        `${credentials.jwt !== undefined ? `, JWTs verified with ${credentials.jwt.jwks !== undefined ? 'a JWKS' : 'an HS256 secret'}` : ''}` +
        `${rules > 0 ? `, ${plural(rules, 'throttling rule')}` : ''}.`,
    );
  } else if (apis.some(asksForCredentials)) {
    console.error(
      'wsapi-gateway: no --config: topics that ask for credentials (auth type not None, or any topic before ' +
        'WSO2 4.7) answer 401. Pass --config FILE with auth.apiKeys or auth.oauth2.tokens.',
    );
  }
  const tls = options.tlsPort === undefined ? undefined : await tlsCredentials(config?.tls);
  const log = options.logFile === undefined ? undefined : await openTrafficLog(options.logFile);
  const gateway = await startGateway({
    host: options.host,
    port: options.port,
    ...(tls !== undefined &&
      options.tlsPort !== undefined && { tls: { port: options.tlsPort, credentials: tls } }),
    ...config?.limits,
    apis,
    credentials,
    ...(config?.cors !== undefined && { cors: config.cors }),
    ...(config?.headersAllow !== undefined && { headersAllow: config.headersAllow }),
    ...(options.mock && { mock: { intervalMs: options.mockIntervalMs } }),
    throttling: config?.throttling ?? [],
    strict: options.strict === true,
    ...(log !== undefined && { log }),
    report: (line) => console.error(`wsapi-gateway: ${line}`),
  }).catch(async (error: unknown) => {
    await log?.end();
    throw error;
  });
  gateway.notes.forEach((note) => console.error(`wsapi-gateway: ${note}`));
  printServed(gateway, loaded);
  return log === undefined ? gateway : withLog(gateway, log);
}

function load(options: GatewayCommandLine): LoadedProjects {
  return loadApiProjects(options.paths, process.cwd(), {
    mock: options.mock,
    ...(options.wso2Version !== undefined && { wso2Version: options.wso2Version }),
  });
}

/**
 * The projects left out with their reasons (stderr), then the route table (stdout): the version each API
 * answers as with where it differs from its definition, and one line per route.
 */
function printServed(gateway: Gateway, { apis, skipped }: LoadedProjects): void {
  for (const project of skipped) {
    project.reasons.forEach((reason) =>
      console.error(`wsapi-gateway: skipped ${project.source} (the others are served): ${reason}`),
    );
  }
  versionLines(apis).forEach((line) => console.log(line));
  gateway.routes.forEach((line) => console.log(line));
}

/** Whether a client of some topic of the API must bring credentials, in the WSO2 version it answers as. */
function asksForCredentials(served: ServedApi): boolean {
  const open = wso2Profile(served.follows?.version).openTopics;
  return served.api.topics.some((topic) => !open || !isOpenTopic(topic.authType));
}

/** Reads the definitions and the config again and serves them to new handshakes; open connections stay. */
async function reload(
  gateway: Gateway,
  options: GatewayCommandLine,
  readConfig: () => GatewayConfig | undefined,
): Promise<void> {
  const config = readConfig();
  const loaded = load(options);
  const { apis } = loaded;
  await gateway.reload({
    apis,
    credentials: config?.auth ?? NO_CREDENTIALS,
    throttling: config?.throttling ?? [],
    ...(config?.cors !== undefined && { cors: config.cors }),
    ...(config?.headersAllow !== undefined && { headersAllow: config.headersAllow }),
  });
  printServed(gateway, loaded);
  console.log(
    `reloaded: ${plural(apis.length, 'API')}, ${plural(gateway.routes.length, 'route')}` +
      `${loaded.skipped.length > 0 ? `, ${plural(loaded.skipped.length, 'project')} skipped` : ''}`,
  );
}

/** The wss certificate, said where it comes from with its fingerprint (the certificate is public). */
async function tlsCredentials(configured: Parameters<typeof loadTlsCredentials>[0]): Promise<TlsCredentials> {
  const tls = await loadTlsCredentials(configured, defaultTlsCacheDir());
  console.log(
    `wss certificate ${tls.certFile}${tls.selfSigned ? ' (self-signed for localhost)' : ''}, SHA-256 fingerprint ${tls.fingerprint}`,
  );
  return tls;
}

/** The gateway, whose close also flushes and closes the traffic log. */
function withLog(gateway: Gateway, log: TrafficLog): Gateway {
  // Built on the gateway, not spread from it: its routes and notes change on a reload.
  const close = (): Promise<void> => gateway.close().then(() => log.end());
  return Object.create(gateway, { close: { value: close } }) as Gateway;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('wsapi-gateway: unexpected error:', error);
      process.exitCode = 1;
    },
  )
  .finally(() => process.channel?.unref()); // --config-ipc: the channel does not keep an ended gateway alive
