import type { RuntimeEnvironment } from '../runtime';

/**
 * How many turns of the event loop a step of long work leaves to requests before the next: vscode-jsonrpc handles
 * one message a turn (a setImmediate each), so a single turn between steps would answer one request per step and
 * the requests sent during a long step would queue up for many steps.
 */
const TURNS_FOR_REQUESTS = 8;

/**
 * Where the server's own long work (a large document read in slices, the parser's findings placed, the warm-ups,
 * the workspace check) pauses between steps: after the messages already waiting, a turn each (microseconds when
 * none came). Never zero-delay timers: a chain of them held vscode-jsonrpc's message queue back for seconds.
 */
export async function letRequestsThrough(timer: RuntimeEnvironment['timer']): Promise<void> {
  for (let turn = 0; turn < TURNS_FOR_REQUESTS; turn++) {
    await new Promise<void>((resolve) => timer.setImmediate(resolve));
  }
}
