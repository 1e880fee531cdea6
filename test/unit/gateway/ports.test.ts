import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { parseCommandLine } from '../../../gateway/src/cli';

/** The ports a command line asks for, or its error message. */
function ports(argv: readonly string[]): { port: number; tlsPort?: number } | string {
  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'run') {
    const { port, tlsPort } = parsed.options;
    return tlsPort === undefined ? { port } : { port, tlsPort };
  }
  return parsed.kind === 'error' ? parsed.message : 'help';
}

suite('ws and wss ports (--port, --tls-port, --port-offset)', () => {
  const cases: ReadonlyArray<{ argv: string[]; expected: { port: number; tlsPort?: number } }> = [
    { argv: [], expected: { port: 9099, tlsPort: 8099 } },
    { argv: ['--port', '0'], expected: { port: 0, tlsPort: 0 } },
    { argv: ['--port', '0', '--tls-port', '8443'], expected: { port: 0, tlsPort: 8443 } },
    { argv: ['--tls-port', '0'], expected: { port: 9099, tlsPort: 0 } },
    { argv: ['--tls-port', 'off'], expected: { port: 9099 } },
    { argv: ['--port', '0', '--tls-port', 'OFF'], expected: { port: 0 } },
    { argv: ['--port-offset', '1'], expected: { port: 9100, tlsPort: 8100 } },
    { argv: ['--port-offset', '10', '--port', '0'], expected: { port: 0, tlsPort: 0 } },
    { argv: ['--port-offset', '2', '--tls-port', 'off'], expected: { port: 9101 } },
  ];
  for (const { argv, expected } of cases) {
    test(argv.join(' ') || '(no flags)', () => assert.deepEqual(ports(argv), expected));
  }

  const mistakes: ReadonlyArray<{ argv: string[]; message: RegExp }> = [
    {
      argv: ['--tls-port', 'on'],
      message: /--tls-port must be a whole number from 0 to 65535, or off, not 'on'\./,
    },
    { argv: ['--tls-port', '70000'], message: /--tls-port must be a whole number/ },
    { argv: ['--port-offset=-1'], message: /--port-offset must be a whole number from 0 to 65535/ },
    {
      argv: ['--port-offset', '60000'],
      message: /--port-offset 60000 takes a port above 65535: use a smaller offset\./,
    },
    {
      argv: ['--port', '8099'],
      message: /--port and --tls-port are both 8099: give them different ports, or --tls-port off\./,
    },
  ];
  for (const { argv, message } of mistakes) {
    test(`refuses ${argv.join(' ')}`, () => assert.match(JSON.stringify(ports(argv)), message));
  }
});
