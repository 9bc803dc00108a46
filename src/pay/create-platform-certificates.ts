/** @module Platform certificates by serial: downloaded when unknown, single-flight, shared through the Cache. */
import type { Cache, Clock, Lock, LockHandle } from '../kernel/ports/index.js';
import {
  decryptCertificates,
  parsePlatformCertificate,
  type PlatformCertificate,
} from './decrypt-certificates.js';

export interface PlatformCertificatesOptions {
  readonly mchid: string;
  readonly apiv3Key: string;
  /** Least time between two downloads triggered by unknown serials (forged serials must not flood WeChat). */
  readonly refreshIntervalMs: number;
}

export interface PlatformCertificatesDeps {
  /** Downloads, decrypts and verifies `/v3/certificates`; returns the valid certificates. */
  readonly download: () => Promise<PlatformCertificate[]>;
  readonly clock: Clock;
  readonly cache?: Cache;
  readonly lock?: Lock;
}

export interface PlatformCertificates {
  /** The certificate with this serial, downloading the list once when it is unknown. */
  get(serial: string): Promise<PlatformCertificate | undefined>;
  /** Downloads now (single-flight) and publishes the list to the cache. */
  refresh(): Promise<PlatformCertificate[]>;
}

const CACHE_TTL_MS = 12 * 3_600_000;
const LOCK_TTL_MS = 15_000;

export { decryptCertificates, type PlatformCertificate };

/** The shared list, or undefined when absent, unreadable or the cache is down (a download then replaces it). */
async function readCached(cache: Cache | undefined, key: string): Promise<PlatformCertificate[] | undefined> {
  try {
    const raw = await cache?.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as string[]).map(parsePlatformCertificate);
  } catch {
    return undefined;
  }
}

async function writeCached(cache: Cache | undefined, key: string, certs: PlatformCertificate[]) {
  // A cache outage must not make every notification fail verification; this instance keeps its copy.
  await cache?.set(key, JSON.stringify(certs.map((c) => c.pem)), CACHE_TTL_MS).catch(() => undefined);
}

/** The refresh lease, or undefined when there is no lock, it is busy too long or the lock backend is down. */
async function acquireQuietly(lock: Lock | undefined, key: string): Promise<LockHandle | undefined> {
  return lock?.acquire(key, LOCK_TTL_MS, { waitMs: LOCK_TTL_MS }).catch(() => undefined);
}

export function createPlatformCertificates(
  options: PlatformCertificatesOptions,
  deps: PlatformCertificatesDeps,
): PlatformCertificates {
  const cacheKey = `wegate:pay:${options.mchid}:platform-certificates`;
  let known = new Map<string, PlatformCertificate>();
  let inflight: Promise<PlatformCertificate[]> | undefined;
  let lastDownloadAt = Number.NEGATIVE_INFINITY;

  const adopt = (certs: PlatformCertificate[]) => void (known = new Map(certs.map((c) => [c.serial, c])));
  const lookup = (serial: string) => {
    const cert = known.get(serial);
    return cert !== undefined && cert.expiresAt > deps.clock.now() ? cert : undefined;
  };

  const readShared = async () => {
    const certs = await readCached(deps.cache, cacheKey);
    return certs !== undefined && (adopt(certs), true);
  };

  async function download(): Promise<PlatformCertificate[]> {
    lastDownloadAt = deps.clock.now();
    const certs = await deps.download();
    adopt(certs);
    await writeCached(deps.cache, cacheKey, certs);
    return certs;
  }

  async function downloadUnderLock(wanted?: string): Promise<PlatformCertificate[]> {
    const handle = await acquireQuietly(deps.lock, `${cacheKey}:refresh`);
    try {
      // Another instance may have downloaded while we waited for the lock.
      if (wanted !== undefined && handle && (await readShared()) && known.has(wanted))
        return [...known.values()];
      return await download();
    } finally {
      await handle?.release().catch(() => undefined);
    }
  }

  function refresh(wanted?: string): Promise<PlatformCertificate[]> {
    inflight ??= downloadUnderLock(wanted).finally(() => void (inflight = undefined));
    return inflight;
  }

  return {
    get: async (serial) => {
      const wanted = serial.toUpperCase();
      if (lookup(wanted) ?? ((await readShared()) && lookup(wanted))) return lookup(wanted);
      const throttled = deps.clock.now() - lastDownloadAt < options.refreshIntervalMs;
      if (inflight === undefined && throttled) return undefined;
      await refresh(wanted);
      return lookup(wanted);
    },
    refresh: () => refresh(),
  };
}
