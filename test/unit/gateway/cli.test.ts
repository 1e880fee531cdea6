import assert from 'node:assert/strict';
import { suite, test } from 'node:test';

import { parseCommandLine } from '../../../gateway/src/cli';

suite('parseCommandLine', () => {
  test('defaults to the WSO2 port on loopback', () => {
    assert.deepEqual(parseCommandLine([]), {
      kind: 'run',
      options: { host: '127.0.0.1', port: 9099, tlsPort: 8099, paths: [], mock: false, mockIntervalMs: 2000 },
    });
  });

  test('takes a port, a host and paths', () => {
    assert.deepEqual(parseCommandLine(['--port', '0', '--host', '0.0.0.0', 'apis/chat', 'apis/news']), {
      kind: 'run',
      options: {
        host: '0.0.0.0',
        port: 0,
        tlsPort: 0,
        paths: ['apis/chat', 'apis/news'],
        mock: false,
        mockIntervalMs: 2000,
      },
    });
  });

  for (const port of ['-1', '65536', 'abc', '80.5', '']) {
    test(`refuses --port=${port} with the accepted range`, () => {
      const parsed = parseCommandLine([`--port=${port}`]);
      assert.equal(parsed.kind, 'error');
      assert.match(
        parsed.kind === 'error' ? parsed.message : '',
        /--port must be a whole number from 0 to 65535/,
      );
    });
  }

  test('an unknown option is an error that shows the usage', () => {
    const parsed = parseCommandLine(['--verbose']);
    assert.equal(parsed.kind, 'error');
    assert.match(parsed.kind === 'error' ? parsed.message : '', /Unknown option '--verbose'[\s\S]*Usage:/);
  });

  test('--mock and --mock-interval', () => {
    assert.deepEqual(parseCommandLine(['--mock', '--mock-interval', '250', 'examples/chat-api']), {
      kind: 'run',
      options: {
        host: '127.0.0.1',
        port: 9099,
        tlsPort: 8099,
        paths: ['examples/chat-api'],
        mock: true,
        mockIntervalMs: 250,
      },
    });
  });

  for (const interval of ['0', '-5', 'soon', '3600001']) {
    test(`refuses --mock-interval=${interval}`, () => {
      const parsed = parseCommandLine([`--mock-interval=${interval}`]);
      assert.match(
        parsed.kind === 'error' ? parsed.message : '',
        /--mock-interval must be a whole number of milliseconds/,
      );
    });
  }

  test('--config names the credentials file', () => {
    const parsed = parseCommandLine(['--config', 'gateway.yaml', 'examples/chat-api']);
    assert.equal(parsed.kind === 'run' ? parsed.options.configFile : undefined, 'gateway.yaml');
  });

  test('--config with an empty name is an error naming the fix', () => {
    const parsed = parseCommandLine(['--config=']);
    assert.match(parsed.kind === 'error' ? parsed.message : '', /--config must name a YAML file/);
  });

  test('--config-ipc takes the config from the parent process; with --config it is an error', () => {
    const parsed = parseCommandLine(['--config-ipc', 'examples/chat-api']);
    assert.equal(parsed.kind === 'run' ? parsed.options.configIpc : undefined, true);
    const both = parseCommandLine(['--config-ipc', '--config', 'gateway.yaml']);
    assert.match(both.kind === 'error' ? both.message : '', /--config and --config-ipc exclude each other/);
  });

  test('--log takes a file or - (stdout); --strict is a switch', () => {
    const parsed = parseCommandLine(['--log', '-', '--strict', 'examples/chat-api']);
    assert.deepEqual(
      parsed.kind === 'run' ? [parsed.options.logFile, parsed.options.strict, parsed.options.paths] : parsed,
      ['-', true, ['examples/chat-api']],
    );
    const plain = parseCommandLine(['--log=traffic.jsonl']);
    assert.deepEqual(plain.kind === 'run' ? [plain.options.logFile, plain.options.strict] : plain, [
      'traffic.jsonl',
      undefined,
    ]);
  });

  test('--log with an empty name is an error naming the fix', () => {
    const parsed = parseCommandLine(['--log=']);
    assert.match(
      parsed.kind === 'error' ? parsed.message : '',
      /--log must name a file, e\.g\. --log traffic\.jsonl, or - for stdout/,
    );
  });

  test('-h asks for help', () => {
    assert.deepEqual(parseCommandLine(['-h']), { kind: 'help' });
  });
});
