import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

import { generate } from 'selfsigned';

/** The config's `tls:`: PEM files of the certificate (chain) and its private key. */
export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
}

/** What the wss listener serves, and how the user can trust it. */
export interface TlsCredentials {
  readonly cert: string;
  readonly key: string;
  /** SHA-256 fingerprint of the certificate, `AB:CD:…`. */
  readonly fingerprint: string;
  /** Where the certificate comes from: the configured file, or the cached self-signed one. */
  readonly certFile: string;
  /** True when the gateway made the certificate itself. */
  readonly selfSigned: boolean;
}

/** Raised when the TLS certificate cannot be used; the message names the file and the fix. */
export class TlsError extends Error {}

/** WSO2's wss port (`apim.wss.port`). */
export const DEFAULT_TLS_PORT = 8099;

/** The certificate alone (for clients to trust) and the key with its certificate (what the gateway reads). */
const CERT_FILE = 'localhost-cert.pem';
const PAIR_FILE = 'localhost-key-and-cert.pem';
/** A cached certificate closer than this to its end is made again. */
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

/** Where the self-signed certificate is cached: `$XDG_CACHE_HOME/wsapi/tls`, else `~/.cache/wsapi/tls`. */
export function defaultTlsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache =
    env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== ''
      ? env.XDG_CACHE_HOME
      : join(homedir(), '.cache');
  return join(cache, 'wsapi', 'tls');
}

/**
 * The configured certificate and key, or else a self-signed certificate for localhost, 127.0.0.1 and ::1 made
 * on first use and cached in `cacheDir` (made again when it is near its end).
 */
export async function loadTlsCredentials(
  configured: TlsFiles | undefined,
  cacheDir: string,
  now: Date = new Date(),
): Promise<TlsCredentials> {
  if (configured !== undefined) {
    const cert = readPem(configured.cert, 'tls.cert', 'a PEM certificate (-----BEGIN CERTIFICATE-----)');
    const key = readPem(configured.key, 'tls.key', 'a PEM private key (-----BEGIN ... PRIVATE KEY-----)');
    return {
      cert,
      key,
      fingerprint: fingerprintOf(cert, configured.cert),
      certFile: configured.cert,
      selfSigned: false,
    };
  }
  const certFile = join(cacheDir, CERT_FILE);
  const pairFile = join(cacheDir, PAIR_FILE);
  const cached = readCached(pairFile, now);
  if (cached !== undefined) {
    return { ...cached, certFile, selfSigned: true };
  }
  const made = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + 365 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    // Written aside and renamed: a gateway starting meanwhile reads either no pair or a whole one.
    writeAtomically(pairFile, made.private + made.cert, 0o600);
    writeAtomically(certFile, made.cert, 0o644);
  } catch (error) {
    throw new TlsError(
      `Cannot cache the self-signed certificate in ${cacheDir} (${(error as NodeJS.ErrnoException).code ?? String(error)}): set XDG_CACHE_HOME to a writable folder, or give tls.cert and tls.key in the config.`,
    );
  }
  return {
    cert: made.cert,
    key: made.private,
    fingerprint: fingerprintOf(made.cert, certFile),
    certFile,
    selfSigned: true,
  };
}

function writeAtomically(path: string, text: string, mode: number): void {
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, text, { mode });
  renameSync(aside, path);
}

function readCached(
  pairFile: string,
  now: Date,
): { cert: string; key: string; fingerprint: string } | undefined {
  try {
    const pair = readFileSync(pairFile, 'utf8');
    const at = pair.indexOf('-----BEGIN CERTIFICATE-----');
    const key = pair.slice(0, at);
    const cert = pair.slice(at);
    if (at <= 0) {
      return undefined;
    }
    const parsed = new X509Certificate(cert);
    if (new Date(parsed.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS) {
      return undefined;
    }
    return { cert, key, fingerprint: parsed.fingerprint256 };
  } catch {
    return undefined; // missing or damaged: make a new one
  }
}

function readPem(path: string, key: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TlsError(
      `${key}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): give the path of ${what}, relative to the config file.`,
    );
  }
  if (!text.includes('-----BEGIN')) {
    throw new TlsError(`${key}: ${path} is not PEM: give the path of ${what}.`);
  }
  return text;
}

function fingerprintOf(cert: string, file: string): string {
  try {
    return new X509Certificate(cert).fingerprint256;
  } catch {
    throw new TlsError(`tls.cert: ${file} is not a valid certificate: give a PEM certificate.`);
  }
}

type Report = (key: string, fix: string) => void;
type UnknownKeys = (record: Record<string, unknown>, known: readonly string[], prefix: string) => void;

/** Reads the config's `tls:` (`cert:` and `key:`, paths relative to the config file `file`). */
export function readTlsFiles(
  value: unknown,
  file: string,
  problem: Report,
  unknownKeys: UnknownKeys,
): TlsFiles | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problem(
      'tls',
      'must be a mapping with cert: and key: (PEM files); without it a self-signed one is made.',
    );
    return undefined;
  }
  const record = value as Record<string, unknown>;
  unknownKeys(record, ['cert', 'key'], 'tls.');
  const { cert, key } = record;
  if (typeof cert !== 'string' || cert.trim() === '' || typeof key !== 'string' || key.trim() === '') {
    problem('tls', 'needs both cert: and key:, each the path of a PEM file (relative to the config file).');
    return undefined;
  }
  return { cert: resolve(dirname(file), cert), key: resolve(dirname(file), key) };
}
