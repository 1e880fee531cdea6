/** The config's `cors:`: which browser origins may open a WebSocket (WSO2 `[apim.cors] allow_origins`). */
export interface CorsSettings {
  /** Allowed `Origin` values (`*`: any); a handshake with another Origin gets 403 with an empty body. */
  readonly allowOrigins: readonly string[];
}

type Report = (key: string, fix: string) => void;
type UnknownKeys = (record: Record<string, unknown>, known: readonly string[], prefix: string) => void;

/** Reads `cors:` (`allowOrigins:`, a list of origins such as https://app.example.com, or `*`). */
export function readCors(
  value: unknown,
  problem: Report,
  unknownKeys: UnknownKeys,
): CorsSettings | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problem('cors', 'must be a mapping with allowOrigins: [https://app.example.com].');
    return undefined;
  }
  const record = value as Record<string, unknown>;
  unknownKeys(record, ['allowOrigins'], 'cors.');
  const origins = record.allowOrigins;
  if (
    !Array.isArray(origins) ||
    origins.some((origin) => typeof origin !== 'string' || origin.trim() === '')
  ) {
    problem(
      'cors.allowOrigins',
      "must be a list of origins, e.g. [https://app.example.com, 'http://localhost:3000'], or ['*'].",
    );
    return undefined;
  }
  return { allowOrigins: origins.map((origin: string) => normalOrigin(origin)) };
}

/**
 * Whether a handshake's `Origin` may connect, as WSO2's `validateCorsHeaders`: no `Origin` (not a browser) is
 * allowed; else it must be listed (scheme, host and port, any case, no trailing `/`) or the list holds `*`.
 */
export function originAllowed(cors: CorsSettings | undefined, origin: string | undefined): boolean {
  if (cors === undefined || origin === undefined) {
    return true;
  }
  return cors.allowOrigins.includes('*') || cors.allowOrigins.includes(normalOrigin(origin));
}

function normalOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}
