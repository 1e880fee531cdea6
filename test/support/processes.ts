import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** A CLI started by a test, with everything it printed so far. */
export interface RunningProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line matching the pattern (already printed or next). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited(): Promise<number | string>;
}

export function startNode(
  script: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): RunningProcess {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: 'pipe',
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    listeners.forEach((listener) => listener());
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exit = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited: () => exit,
    waitForLine(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const match = out
            .split('\n')
            .map((line) => line.match(pattern))
            .find((m) => m !== null);
          if (match) {
            cleanup();
            resolve(match);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout: ${out} stderr: ${err}`),
          );
        }, timeoutMs);
        const onExit = (): void => {
          if (!check()) {
            cleanup();
            reject(new Error(`exited before printing ${pattern}; stdout: ${out} stderr: ${err}`));
          }
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(listener);
          child.off('exit', onExit);
        };
        const listener = (): void => void check();
        listeners.add(listener);
        child.once('exit', onExit);
        check();
      });
    },
  };
}
