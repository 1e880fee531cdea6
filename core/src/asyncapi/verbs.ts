/** WSO2's names for the two directions of a topic: api.yaml's `verb`, AsyncAPI 2's operation keys in capitals. */
export type Verb = 'SUBSCRIBE' | 'PUBLISH';

/** The Publisher's names for them, as the design commands take them: PUB (clients send), SUB (clients receive). */
export const TOPIC_TYPES = ['PUB', 'SUB'] as const;
export type TopicType = (typeof TOPIC_TYPES)[number];

/** One direction of a topic under each of its names. */
export interface VerbNames {
  readonly verb: Verb;
  readonly type: TopicType;
  /** The operation's key in an AsyncAPI 2 channel. */
  readonly operationKey: 'subscribe' | 'publish';
  /** The `action` of an AsyncAPI 3 operation: the application's view, as WSO2 reads it. */
  readonly action: 'receive' | 'send';
}

/**
 * The one table of the verbs, in WSO2's order (SUBSCRIBE, then PUBLISH): SUBSCRIBE is SUB, `subscribe` and
 * `receive` (clients receive what the backend sends); PUBLISH is PUB, `publish` and `send` (clients send).
 */
export const VERBS: readonly [VerbNames, VerbNames] = [
  { verb: 'SUBSCRIBE', type: 'SUB', operationKey: 'subscribe', action: 'receive' },
  { verb: 'PUBLISH', type: 'PUB', operationKey: 'publish', action: 'send' },
];

export function namesOfVerb(verb: Verb): VerbNames {
  return verb === 'SUBSCRIBE' ? VERBS[0] : VERBS[1];
}

export function verbOfType(type: TopicType): Verb {
  return type === 'SUB' ? 'SUBSCRIBE' : 'PUBLISH';
}

/** The verb of an AsyncAPI 3 operation's `action`; undefined for anything else. */
export function verbOfAction(action: unknown): Verb | undefined {
  return VERBS.find((names) => names.action === action)?.verb;
}
