import { normalizeTopic, type ApiTopic, type WsApi } from '../../core/src';
import { basePaths } from './routing';

/** The units a frame quota is counted in. */
export const TIME_UNITS = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type TimeUnit = keyof typeof TIME_UNITS;

/**
 * One `throttling:` entry of the gateway config: at most `frames` WebSocket frames (both directions, all
 * connections together) per `per` on an API, or on one topic of it (docs/wso2.md 3.4).
 */
export interface ThrottleRule {
  /** `{context}/{version}` (one version) or the context alone (every version), e.g. `/chats/1.0.0`. */
  readonly api: string;
  /** A topic as the API names it (`/rooms/{roomID}`); absent: the quota is the whole API's. */
  readonly topic?: string;
  readonly frames: number;
  readonly per: TimeUnit;
}

/** A fixed-window frame counter: `limit` frames per window, the window starting at its first frame. */
export class FrameQuota {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(
    readonly rule: ThrottleRule,
    private readonly now: () => number,
  ) {}

  /** Whether one more frame fits in the current window (starting a new window when the last one ended). */
  hasRoom(): boolean {
    const time = this.now();
    if (time - this.windowStart >= TIME_UNITS[this.rule.per]) {
      this.windowStart = time;
      this.used = 0;
    }
    return this.used < this.rule.frames;
  }

  count(): void {
    this.used += 1;
  }
}

/** The quotas of every served topic: one shared counter per rule and API (and topic, for topic rules). */
export class Throttling {
  private readonly quotas = new Map<string, FrameQuota>();
  private readonly used = new Set<ThrottleRule>();

  constructor(
    private readonly rules: readonly ThrottleRule[],
    private readonly now: () => number = Date.now,
  ) {}

  /** The quotas a frame on this topic counts against (empty: not throttled). */
  quotasFor(api: WsApi, topic: ApiTopic): FrameQuota[] {
    return this.rules.flatMap((rule, index) => {
      if (!ruleMatches(rule, api, topic)) {
        return [];
      }
      this.used.add(rule);
      const key = `${index} ${api.context} ${api.version}${rule.topic === undefined ? '' : ` ${topic.name}`}`;
      let quota = this.quotas.get(key);
      if (quota === undefined) {
        quota = new FrameQuota(rule, this.now);
        this.quotas.set(key, quota);
      }
      return [quota];
    });
  }

  /** Rules that match no topic of these APIs, one warning each (a typo in the config is easy to miss). */
  unusedRules(apis: readonly WsApi[]): string[] {
    return this.rules
      .filter((rule) => !apis.some((api) => api.topics.some((topic) => ruleMatches(rule, api, topic))))
      .map(
        (rule) =>
          `throttling: no served API${rule.topic === undefined ? '' : ` has topic ${rule.topic} and`} is at ` +
          `${rule.api}: write the API's {context}/{version} (or its context) as it appears in the route table.`,
      );
  }
}

/** Counts one frame against every quota; false (nothing counted) when one of them is used up. */
export function takeFrame(quotas: readonly FrameQuota[]): boolean {
  if (!quotas.every((quota) => quota.hasRoom())) {
    return false;
  }
  quotas.forEach((quota) => quota.count());
  return true;
}

function ruleMatches(rule: ThrottleRule, api: WsApi, topic: ApiTopic): boolean {
  const path = trimSlash(rule.api);
  const apiMatches =
    basePaths(api).some((base) => trimSlash(base) === path) ||
    trimSlash(api.context.replace(/\/?\{version\}/, '')) === path;
  return (
    apiMatches && (rule.topic === undefined || normalizeTopic(rule.topic) === normalizeTopic(topic.name))
  );
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

/** Reads the `throttling:` list of a config file; `problem(key, fix)` reports each mistake. */
export function readThrottleRules(
  value: unknown,
  problem: (key: string, fix: string) => void,
  unknownKeys: (record: Record<string, unknown>, known: readonly string[], prefix: string) => void,
): ThrottleRule[] | undefined {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    problem(
      'throttling',
      'must be a list of entries like - { api: /chats/1.0.0, frames: 100, per: minute }.',
    );
    return undefined;
  }
  const rules: ThrottleRule[] = [];
  let failed = false;
  value.forEach((entry: unknown, index) => {
    const rule = readRule(entry, `throttling[${index}]`, problem, unknownKeys);
    if (rule === undefined) {
      failed = true;
    } else {
      rules.push(rule);
    }
  });
  return failed ? undefined : rules;
}

function readRule(
  entry: unknown,
  key: string,
  problem: (key: string, fix: string) => void,
  unknownKeys: (record: Record<string, unknown>, known: readonly string[], prefix: string) => void,
): ThrottleRule | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problem(
      key,
      'must be a mapping: - { api: /chats/1.0.0, topic: /rooms/{roomID}, frames: 100, per: minute }.',
    );
    return undefined;
  }
  const record = entry as Record<string, unknown>;
  unknownKeys(record, ['api', 'topic', 'frames', 'per'], `${key}.`);
  const { api, topic, frames, per } = record;
  let ok = true;
  if (typeof api !== 'string' || !api.startsWith('/')) {
    problem(
      `${key}.api`,
      "must be the API's {context}/{version} or its context, starting with /, e.g. /chats/1.0.0.",
    );
    ok = false;
  }
  if (topic !== undefined && (typeof topic !== 'string' || topic.trim() === '')) {
    problem(
      `${key}.topic`,
      'must be a topic of the API as it names it, e.g. /rooms/{roomID}; leave it out for the whole API.',
    );
    ok = false;
  }
  if (typeof frames !== 'number' || !Number.isInteger(frames) || frames < 0) {
    problem(`${key}.frames`, 'must be a whole number of frames, 0 or more (0 throttles every frame).');
    ok = false;
  }
  if (typeof per !== 'string' || !(per in TIME_UNITS)) {
    problem(`${key}.per`, `must be one of ${Object.keys(TIME_UNITS).join(', ')}.`);
    ok = false;
  }
  return ok
    ? {
        api: api as string,
        ...(typeof topic === 'string' && { topic }),
        frames: frames as number,
        per: per as TimeUnit,
      }
    : undefined;
}
