import type { ApiTopic, WsApi } from '../../core/src';
import type { Side } from './closeCodes';
import { UNCHECKED } from '../../core/src/wso2/payloadCheck';
import { ApiValidators, type TopicValidator } from './messageValidation';
import type { GatewayMetrics, TopicCounters } from './metrics';
import { takeFrame, Throttling, type FrameQuota, type ThrottleRule } from './throttling';
import type { LoggedConnection, TrafficLog } from './trafficLog';

/** What the relay does with one data frame. */
export type FrameVerdict =
  | { readonly action: 'pass' }
  /** Drop the frame and send `notice` to the client as a text frame; the connection stays open. */
  | { readonly action: 'drop'; readonly notice: string }
  /** Close the client with this code and reason (the relay then closes the backend). */
  | { readonly action: 'close'; readonly code: number; readonly reason: string };

const PASS: FrameVerdict = { action: 'pass' };

/**
 * The per-frame features of one connection. The relay calls `frame` for every data frame (text or binary, either
 * direction; control frames never come here) before relaying it, and `closed` when a side closes.
 */
export interface FramePipeline {
  frame(from: Side, data: Buffer, isBinary: boolean): FrameVerdict;
  closed(side: Side, code: number): void;
}

/** The text frame WSO2 sends for a frame error that keeps the connection (docs/wso2.md 3.3). */
export function frameErrorText(code: number, reason: string): string {
  return `Error code: ${code} reason: ${reason}`;
}

export const THROTTLED_TEXT = frameErrorText(4003, 'Websocket frame throttled out');

export interface FrameFeatureOptions {
  /** Frame quotas from the config's `throttling:`. */
  readonly throttling?: readonly ThrottleRule[];
  /** Drop frames that do not match their message schema, telling the client with a 4005 text frame. */
  readonly strict?: boolean;
  /** Where every frame is logged (`--log`). */
  readonly log?: TrafficLog;
  readonly metrics: GatewayMetrics;
  /** Gets one line per invalid frame (stderr in the command-line gateway). */
  readonly report?: (line: string) => void;
  /** The clock quotas count in; Date.now unless a test says otherwise. */
  readonly now?: () => number;
}

/**
 * The per-frame features of a set of APIs: throttling, message validation, the traffic log and frame counts.
 * Built once per API load (schemas are compiled here); asked once per connection for its pipeline.
 */
export class FrameFeatures {
  /** What the user should know about the configuration: unused quotas, schemas that cannot be used. */
  readonly notes: readonly string[];
  private readonly throttling: Throttling;
  private readonly validators = new Map<WsApi, ApiValidators>();
  private connections = 0;

  constructor(
    apis: readonly WsApi[],
    private readonly options: FrameFeatureOptions,
  ) {
    this.throttling = new Throttling(options.throttling ?? [], options.now);
    for (const api of apis) {
      this.validators.set(api, new ApiValidators(api));
    }
    this.notes = [
      ...this.throttling.unusedRules(apis),
      ...[...this.validators.values()].flatMap((validators) => validators.problems),
    ];
  }

  /**
   * Whether connections to this topic need their frames read. When false the relay may pipe the upgraded sockets
   * as they are (and `pipelineFor` returns undefined).
   */
  needsFrames(api: WsApi, topic: ApiTopic): boolean {
    return (
      this.options.log !== undefined ||
      this.validators.get(api)?.validatorFor(topic) !== undefined ||
      this.throttling.quotasFor(api, topic).length > 0
    );
  }

  /** The pipeline of a new connection to `path` (no query: it may hold credentials), or undefined. */
  pipelineFor(api: WsApi, topic: ApiTopic, path: string): FramePipeline | undefined {
    if (!this.needsFrames(api, topic)) {
      return undefined;
    }
    this.connections += 1;
    const connection: LoggedConnection = {
      connection: this.connections,
      api: api.name,
      version: api.version,
      topic: topic.name,
    };
    this.options.log?.open(connection, path);
    return new ConnectionPipeline(
      connection,
      this.throttling.quotasFor(api, topic),
      this.validators.get(api)?.validatorFor(topic),
      this.options.metrics.of(api, topic),
      this.options,
    );
  }
}

class ConnectionPipeline implements FramePipeline {
  constructor(
    private readonly connection: LoggedConnection,
    private readonly quotas: readonly FrameQuota[],
    private readonly validator: TopicValidator | undefined,
    private readonly counters: TopicCounters,
    private readonly options: FrameFeatureOptions,
  ) {}

  frame(from: Side, data: Buffer, isBinary: boolean): FrameVerdict {
    this.counters.frame(from, data.length);
    if (this.quotas.length > 0 && !takeFrame(this.quotas)) {
      this.counters.errors.throttled += 1;
      this.options.log?.frame(this.connection, from, data, isBinary, UNCHECKED, 'throttled');
      return { action: 'drop', notice: THROTTLED_TEXT };
    }
    const check = this.validator?.check(from, data, isBinary) ?? UNCHECKED;
    if (check.result !== 'invalid') {
      this.options.log?.frame(this.connection, from, data, isBinary, check, 'relayed');
      return PASS;
    }
    this.counters.errors.invalid += 1;
    const { api, version, topic, connection } = this.connection;
    const sender = from === 'client' ? 'client' : 'backend';
    this.options.report?.(
      `invalid message from the ${sender} on ${api} ${version} ${topic} (connection ${connection}): ${check.problem}`,
    );
    const strict = this.options.strict === true;
    this.options.log?.frame(this.connection, from, data, isBinary, check, strict ? 'rejected' : 'relayed');
    if (!strict) {
      return PASS;
    }
    const reason =
      from === 'client'
        ? `Invalid message: ${check.problem}`
        : `Invalid message from the backend: ${check.problem}`;
    return { action: 'drop', notice: frameErrorText(4005, reason) };
  }

  closed(side: Side, code: number): void {
    this.options.log?.close(this.connection, side, code);
    if (side === 'backend' && code === 1006) {
      this.counters.errors.backend += 1;
    }
  }
}
