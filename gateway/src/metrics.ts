import type { ApiTopic, WsApi } from '../../core/src';
import type { Side } from './closeCodes';

/** Why a frame or a connection failed, as counted in `wsapi_errors_total{kind=...}`. */
export type ErrorKind = 'throttled' | 'invalid' | 'backend';

/**
 * The counters of one topic of one API. Plain numbers bumped in place: counting a frame costs two additions.
 * Both relays count into them: the frame pipeline and the raw relay (whose frame cursor sees frame headers).
 */
export class TopicCounters {
  open = 0;
  total = 0;
  /** Frames and bytes by the side that sent them. */
  readonly frames = { client: 0, backend: 0 };
  readonly bytes = { client: 0, backend: 0 };
  readonly errors: Record<ErrorKind, number> = { throttled: 0, invalid: 0, backend: 0 };

  /** @param labels The Prometheus labels naming the API and the topic. */
  constructor(readonly labels: string) {}

  frame(from: Side, size: number): void {
    this.frames[from] += 1;
    this.bytes[from] += size;
  }
}

const DIRECTIONS: ReadonlyArray<readonly [Side, string]> = [
  ['client', 'client_to_backend'],
  ['backend', 'backend_to_client'],
];

/** Every topic's counters, and their rendering in the Prometheus text format for `GET /metrics`. */
export class GatewayMetrics {
  /** By labels, so that an API loaded again (hot reload) keeps counting where it was. */
  private readonly counters = new Map<string, TopicCounters>();

  /** Starts every topic of these APIs at zero, so that /metrics lists them before their first connection. */
  constructor(apis: readonly WsApi[] = []) {
    this.register(apis);
  }

  /** Lists the topics of these APIs (again: a reload), keeping the counts of those already listed. */
  register(apis: readonly WsApi[]): void {
    apis.forEach((api) => api.topics.forEach((topic) => this.of(api, topic)));
  }

  /** The counters of a topic (the same object for every route of it, e.g. with and without the version). */
  of(api: WsApi, topic: ApiTopic): TopicCounters {
    const key = labels(api, topic);
    let counters = this.counters.get(key);
    if (counters === undefined) {
      counters = new TopicCounters(key);
      this.counters.set(key, counters);
    }
    return counters;
  }

  /** Prometheus text exposition format 0.0.4: HELP and TYPE lines, then one sample per topic (and direction). */
  render(): string {
    const all = [...this.counters.values()];
    const family = (
      name: string,
      type: 'gauge' | 'counter',
      help: string,
      samples: (counters: TopicCounters) => Array<readonly [string, number]>,
    ): string[] => [
      `# HELP ${name} ${help}`,
      `# TYPE ${name} ${type}`,
      ...all.flatMap((counters) =>
        samples(counters).map(([extra, value]) => `${name}{${counters.labels}${extra}} ${value}`),
      ),
    ];
    return `${[
      ...family('wsapi_connections_open', 'gauge', 'WebSocket connections open now.', (c) => [['', c.open]]),
      ...family('wsapi_connections_total', 'counter', 'WebSocket connections accepted.', (c) => [
        ['', c.total],
      ]),
      ...family('wsapi_frames_total', 'counter', 'Data frames relayed or refused, by direction.', (c) =>
        DIRECTIONS.map(([side, direction]) => [`,direction="${direction}"`, c.frames[side]] as const),
      ),
      ...family('wsapi_bytes_total', 'counter', 'Payload bytes of those frames, by direction.', (c) =>
        DIRECTIONS.map(([side, direction]) => [`,direction="${direction}"`, c.bytes[side]] as const),
      ),
      ...family(
        'wsapi_errors_total',
        'counter',
        'Frames throttled (4003) or invalid against their schema, and backend failures (502 at the handshake, lost mid-session).',
        (c) =>
          (Object.keys(c.errors) as ErrorKind[]).map((kind) => [`,kind="${kind}"`, c.errors[kind]] as const),
      ),
    ].join('\n')}\n`;
  }
}

function labels(api: WsApi, topic: ApiTopic): string {
  return `api="${escapeLabel(api.name)}",context="${escapeLabel(api.context)}",version="${escapeLabel(api.version)}",topic="${escapeLabel(topic.name)}"`;
}

/** Label values escape backslash, double quote and line feed. */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
