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
    notes: [...frames.notes, ...[...mocks.values()].flatMap((mock) => mock.problems)],
    endpointOf: (route, keyType) =>
      mocks.get(route.served)?.endpointFor(route.topicIndex) ?? endpointByKeyType(route.served, keyType),
    // Mock backends keep the frame path; a topic no per-frame feature reads is relayed raw, as nginx does.
    relaysRaw: (route) => !mocks.has(route.served) && !frames.needsFrames(route.served.api, route.topic),
  };
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
