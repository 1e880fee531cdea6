import { parseCommandLine, USAGE } from '../cli';
import { GatewayStartError, startGateway, type Gateway } from '../gatewayServer';

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
    gateway = await startGateway(commandLine.options);
  } catch (error) {
    if (error instanceof GatewayStartError) {
      console.error(`wsapi-gateway: ${error.message}`);
      return 1;
    }
    throw error;
  }
  console.log(`listening ${gateway.url}`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      console.log(`wsapi-gateway: ${signal}: stopping`);
      void gateway.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
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
