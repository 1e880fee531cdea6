import { parseCommandLine, USAGE, type GatewayCommandLine } from '../cli';
import { GatewayStartError, startGateway, type Gateway } from '../gatewayServer';
import { loadApiProjects, ProjectLoadError } from '../projectLoader';

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
  let gateway: Gateway;
  try {
    gateway = await start(commandLine.options);
  } catch (error) {
    if (error instanceof GatewayStartError || error instanceof ProjectLoadError) {
      console.error(`wsapi-gateway: cannot start:\n${error.message}`);
      return 1;
    }
    throw error;
  }
  // Listen for signals before saying 'listening': whoever reads that line may stop us at once.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      console.log(`wsapi-gateway: ${signal}: stopping`);
      void gateway.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  gateway.routes.forEach((line) => console.log(line));
  console.log(`listening ${gateway.url}`);
  await stopped;
  return 0;
}

async function start(options: GatewayCommandLine): Promise<Gateway> {
  const { apis, notes } = loadApiProjects(options.paths);
  notes.forEach((note) => console.error(`wsapi-gateway: ${note}`));
  if (options.paths.length === 0) {
    console.error(
      'wsapi-gateway: no API project given: every handshake gets 404. Pass an API project folder.',
    );
  }
  return startGateway({
    host: options.host,
    port: options.port,
    apis,
    ...(options.mock && { mock: { intervalMs: options.mockIntervalMs } }),
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('wsapi-gateway: unexpected error:', error);
    process.exitCode = 1;
  },
);
