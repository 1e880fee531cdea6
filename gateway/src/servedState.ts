import { wso2Profile, type Wso2Profile } from '../../core/src/wso2/wso2Versions';
import { NO_CREDENTIALS, type GatewayCredentials, type KeyType } from './credentials';
import { FrameFeatures, type FrameFeatureOptions } from './framePipeline';
import { startMockBackend, type MockBackend } from './mockBackend';
import type { CorsSettings } from './origin';
import { buildRouteTable, type Route, type RouteTable, type ServedApi } from './routing';
import type { ThrottleRule } from './throttling';

/** What a start or a reload serves: the APIs and what the config file says about them. */
export interface ServedInput {
  /** The APIs to serve (none: every handshake gets the 404 "No matching API"). */
  readonly apis?: readonly ServedApi[];
  /** Credentials accepted on secured topics (none: every secured topic answers 401). */
  readonly credentials?: GatewayCredentials;
  /** Frame quotas per API or topic (the config's `throttling:`). */
  readonly throttling?: readonly ThrottleRule[];
  /** Browser origins allowed to connect (config `cors:`); absent: any. */
  readonly cors?: CorsSettings;
  /** Client headers passed to the backend (config `headers.allow`); absent: origin, user-agent, accept-language. */
  readonly headersAllow?: readonly string[];
}

/** What stays the same for every served state of one gateway. */
export interface ServedSettings extends Omit<FrameFeatureOptions, 'throttling'> {
  /** Serve each API from a built-in mock backend instead of its endpoints. */
  readonly mock?: { readonly intervalMs: number };
}

/**
 * What the gateway serves at one moment, built whole and never changed: a reload builds the next one and the
 * gateway swaps it in, so that a handshake sees one state from its first step to its last.
 */
export interface ServedState {
  readonly apis: readonly ServedApi[];
  readonly table: RouteTable;
  /** The mock backend of each API, with `--mock`. */
  readonly mocks: ReadonlyMap<ServedApi, MockBackend>;
  readonly frames: FrameFeatures;
  readonly credentials: GatewayCredentials;
  readonly cors?: CorsSettings;
  readonly headersAllow?: readonly string[];
  /** The version a handshake for no API answers as: the one every API follows, else the newest. */
  readonly wso2: Wso2Profile;
  /** Unused throttling rules, payload schemas that cannot be used and mock messages that cannot be made. */
  readonly notes: readonly string[];
  /** The endpoint a route's URL mapping is appended to: its mock, else the one its key type reaches. */
  readonly endpointOf: (route: Route, keyType?: KeyType) => string | undefined;
  /** A client of this route is relayed byte for byte: no mock, no per-frame feature reads its frames. */
  readonly relaysRaw: (route: Route) => boolean;
}

/** Builds a served state; with `--mock` it starts the APIs' mock backends first. */
export async function buildServedState(input: ServedInput, settings: ServedSettings): Promise<ServedState> {
  const apis = input.apis ?? [];
  const mocks = await startMocks(apis, settings.mock);
  const frames = new FrameFeatures(
    apis.map((served) => served.api),
    { ...settings, ...(input.throttling !== undefined && { throttling: input.throttling }) },
  );
  return {
    apis,
    table: buildRouteTable(apis),
    mocks,
    frames,
    credentials: input.credentials ?? NO_CREDENTIALS,
    ...(input.cors !== undefined && { cors: input.cors }),
    ...(input.headersAllow !== undefined && { headersAllow: input.headersAllow }),
    wso2: wso2Profile(sharedVersion(apis)),
    notes: [...frames.notes, ...[...mocks.values()].flatMap((mock) => mock.problems)],
    endpointOf: (route, keyType) =>
      mocks.get(route.served)?.endpointFor(route.topicIndex) ?? endpointByKeyType(route.served, keyType),
    // Mock backends keep the frame path; a topic no per-frame feature reads is relayed raw, as nginx does.
    relaysRaw: (route) => !mocks.has(route.served) && !frames.needsFrames(route.served.api, route.topic),
  };
}

/** The version all the APIs follow; undefined when they differ (or there are none). */
function sharedVersion(apis: readonly ServedApi[]): Wso2Profile['version'] | undefined {
  const versions = new Set(apis.map((served) => wso2Profile(served.follows?.version).version));
  return versions.size === 1 ? [...versions][0] : undefined;
}

/** The production endpoint, else the sandbox one (no tokens yet to tell them apart). */
export function endpointOfApi(served: ServedApi): string {
  return served.api.endpoints.production ?? served.api.endpoints.sandbox ?? '';
}

/**
 * The endpoint a key type reaches: a sandbox key the sandbox endpoint, a production key the production one
 * (undefined when the API has none: refused). Open topics (no key) take production, else sandbox.
 */
function endpointByKeyType(served: ServedApi, keyType: KeyType | undefined): string | undefined {
  return keyType === undefined ? endpointOfApi(served) : served.api.endpoints[keyType];
}

async function startMocks(
  apis: readonly ServedApi[],
  mock: ServedSettings['mock'],
): Promise<Map<ServedApi, MockBackend>> {
  const mocks = new Map<ServedApi, MockBackend>();
  if (mock !== undefined) {
    for (const served of apis) {
      mocks.set(served, await startMockBackend(served.api, mock.intervalMs));
    }
  }
  return mocks;
}

/**
 * The state served now, and the replaced ones as long as a connection opened on them is open: their mock
 * backends close once the last of those ends (a reload used to leave every replaced mock listening).
 */
export class ServedStates {
  private current: ServedState;
  /** Handshakes under way and connections open, per state. */
  private readonly uses = new Map<ServedState, number>();
  private readonly retired = new Set<ServedState>();

  constructor(first: ServedState) {
    this.current = first;
  }

  get now(): ServedState {
    return this.current;
  }

  /** Counts a handshake, then its connection, against the state it started on; the result ends it (once). */
  hold(state: ServedState): () => void {
    this.uses.set(state, (this.uses.get(state) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held) {
        return;
      }
      held = false;
      const left = (this.uses.get(state) ?? 1) - 1;
      this.uses.set(state, left);
      if (left === 0 && this.retired.has(state)) {
        this.closeMocks(state);
      }
    };
  }

  /** Serves `next` from now on; the replaced state's mocks close at once when nothing uses them, else later. */
  swap(next: ServedState): void {
    const previous = this.current;
    this.current = next;
    if (previous === next) {
      return;
    }
    this.retired.add(previous);
    if ((this.uses.get(previous) ?? 0) === 0) {
      this.closeMocks(previous);
    }
  }

  /** Closes the mock backends of every state, served or replaced (a stop, once connections are closed). */
  async closeAll(): Promise<void> {
    const states = [this.current, ...this.retired];
    this.retired.clear();
    await Promise.all(states.flatMap((state) => [...state.mocks.values()].map((mock) => mock.close())));
  }

  private closeMocks(state: ServedState): void {
    this.retired.delete(state);
    this.uses.delete(state);
    state.mocks.forEach((mock) => void mock.close());
  }
}
