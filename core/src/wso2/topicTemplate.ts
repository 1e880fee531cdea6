/**
 * Topic matching as the WSO2 gateway dispatches a WebSocket handshake (docs/wso2.md 2.2): a topic is an
 * exact path (`/notifications`), a template (`/rooms/{roomID}`), or ends in `/*` (the default topic `/*` matches
 * everything). Exact and template topics win over wildcard ones.
 */

/** Values of a topic's `{name}` variables, as they appear in the request path (still percent-encoded). */
export type TopicParams = Readonly<Record<string, string>>;

/** Lower wins: exact, then template, then a wildcard topic such as `/rooms/*`, then `/*`. */
export type TopicRank = 0 | 1 | 2 | 3;

export function topicRank(topic: string): TopicRank {
  const path = normalizeTopic(topic);
  if (path === '/*') {
    return 3;
  }
  if (path.includes('*')) {
    return 2;
  }
  return path.includes('{') ? 1 : 0;
}

/** `rooms/{id}/` → `/rooms/{id}`; `*` → `/*` (WSO2's v3 export writes the default topic as `*`). */
export function normalizeTopic(topic: string): string {
  const trimmed = topic.trim().replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed || '/' : `/${trimmed}`;
}

/** Matches a sub-path (the request path after the context and version, `/` when empty) against a topic. */
export function matchTopic(topic: string, subPath: string): TopicParams | undefined {
  const pattern = topicPattern(normalizeTopic(topic));
  const match = pattern.regex.exec(subPath === '' ? '/' : subPath);
  if (match === null) {
    return undefined;
  }
  const params: Record<string, string> = {};
  pattern.names.forEach((name, index) => {
    params[name] = match[index + 1] ?? '';
  });
  return params;
}

/** How specific a topic is among topics of the same rank: more literal characters first. */
export function literalLength(topic: string): number {
  return normalizeTopic(topic).replace(/\{[^{}]*\}|\*/g, '').length;
}

interface TopicPattern {
  readonly regex: RegExp;
  readonly names: readonly string[];
}

const patterns = new Map<string, TopicPattern>();

function topicPattern(topic: string): TopicPattern {
  const cached = patterns.get(topic);
  if (cached !== undefined) {
    return cached;
  }
  const names: string[] = [];
  const wildcardTail = topic.endsWith('/*');
  const segments = (wildcardTail ? topic.slice(0, -2) : topic).split('/').slice(1);
  const body = segments.map((segment) => `/${segmentPattern(segment, names)}`).join('');
  const regex = new RegExp(`^${body}${wildcardTail ? '(?:/.*)?' : ''}$`);
  const pattern = { regex: body === '' && wildcardTail ? /^\/.*$/ : regex, names };
  patterns.set(topic, pattern);
  return pattern;
}

function segmentPattern(segment: string, names: string[]): string {
  if (segment === '*') {
    return '[^/]+';
  }
  return segment
    .split(/(\{[^{}/]+\})/)
    .map((part) => {
      const variable = /^\{([^{}/]+)\}$/.exec(part);
      if (variable) {
        names.push(variable[1] ?? '');
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
}
