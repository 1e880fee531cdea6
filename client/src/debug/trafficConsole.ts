// The gateway's traffic log (`--log -`, one JSON line per connection event and frame, see docs/gateway.md) as the
// Debug Console shows it. No VS Code API here.
import { isRecord } from '../../../core/src/document/documentKind';
import { prettyText } from '../gateway/topicMessages';

/** A line of the traffic log, as the Debug Console needs it. */
export type TrafficEntry =
  | { readonly event: 'open'; readonly time: string; readonly path: string; readonly connection: number }
  | {
      readonly event: 'close';
      readonly time: string;
      readonly api: string;
      readonly version: string;
      readonly topic: string;
      readonly side: string;
      readonly code: number;
      readonly connection: number;
    }
  | {
      readonly event: 'frame';
      readonly time: string;
      readonly api: string;
      readonly version: string;
      readonly topic: string;
      readonly direction: 'client_to_backend' | 'backend_to_client';
      readonly opcode: 'text' | 'binary';
      readonly size: number;
      readonly payload: string;
      readonly truncated: boolean;
      readonly validation: string;
      readonly problem?: string;
      readonly action: string;
    };

/** Reads one line of the gateway's standard output: a traffic log record, or undefined for any other line. */
export function readTrafficLine(line: string): TrafficEntry | undefined {
  if (!line.startsWith('{')) {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.time !== 'string') {
    return undefined;
  }
  if (value.event === 'open' || value.event === 'close' || value.event === 'frame') {
    return value as unknown as TrafficEntry;
  }
  return undefined;
}

/** One piece of Debug Console output; `group` folds the lines until the next `end`. */
export interface ConsoleLine {
  readonly text: string;
  readonly group?: 'start' | 'startCollapsed' | 'end';
  readonly category?: 'stdout' | 'stderr';
}

/** Payloads longer than this many lines are folded (their header opens a collapsed group). */
export const FOLD_LINES = 6;

/**
 * The Debug Console lines of a traffic entry: time, direction, API and topic, size, the verdict with its reason,
 * then the payload (JSON pretty-printed; folded when long); connections opening and closing with their codes.
 */
export function consoleLines(entry: TrafficEntry): ConsoleLine[] {
  const time = clock(entry.time);
  switch (entry.event) {
    case 'open':
      return [
        { text: `${time} ⇄ open  ${entry.path}  (connection ${entry.connection})`, category: 'stdout' },
      ];
    case 'close':
      return [
        {
          text: `${time} ⇄ close ${entry.api} ${entry.version} ${entry.topic}  ${entry.code} by the ${entry.side}  (connection ${entry.connection})`,
          category: 'stdout',
        },
      ];
    case 'frame': {
      const arrow = entry.direction === 'client_to_backend' ? '→ client to backend' : '← backend to client';
      const verdict =
        entry.validation === 'valid'
          ? '✓ valid'
          : entry.validation === 'invalid'
            ? `✗ invalid: ${entry.problem ?? 'does not match its schema'}`
            : 'not checked';
      const action = entry.action === 'relayed' ? '' : `  [${entry.action}]`;
      const header = `${time} ${arrow}  ${entry.api} ${entry.version} ${entry.topic}  ${entry.size} B  ${verdict}${action}`;
      const body = payloadText(entry);
      const lines = body.split('\n');
      const category: ConsoleLine['category'] = entry.validation === 'invalid' ? 'stderr' : 'stdout';
      if (lines.length <= FOLD_LINES) {
        return [{ text: header, category }, ...lines.map((text) => ({ text: `    ${text}`, category }))];
      }
      return [
        { text: `${header}  (${lines.length} lines)`, group: 'startCollapsed', category },
        ...lines.map((text) => ({ text: `    ${text}`, category })),
        { text: '', group: 'end' },
      ];
    }
  }
}

function payloadText(entry: Extract<TrafficEntry, { event: 'frame' }>): string {
  if (entry.opcode === 'binary') {
    return `(binary, ${entry.size} bytes)`;
  }
  const text = entry.truncated ? entry.payload : prettyText(entry.payload);
  return entry.truncated
    ? `${text}… (first ${Buffer.byteLength(entry.payload)} of ${entry.size} bytes)`
    : text;
}

/** `HH:MM:SS.mmm` of an ISO time (as the gateway wrote it, UTC). */
function clock(iso: string): string {
  const match = /T(\d\d:\d\d:\d\d(?:\.\d{1,3})?)/.exec(iso);
  return match?.[1] ?? iso;
}
