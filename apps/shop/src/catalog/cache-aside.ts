/**
 * @module Cache-aside over the shared cache port: single-flight per key, stale-while-error, negative
 * entries for missing ids, jittered TTLs, and a shared version key that invalidates every instance at once.
 */
import type { Cache } from 'wegate';

export type CacheResult = 'hit' | 'miss' | 'stale' | 'negative';

export interface CacheAsideOptions {
  readonly cache: Cache;
  readonly prefix: string;
  readonly now?: () => number;
  readonly onResult?: (name: string, result: CacheResult) => void;
  /** Fraction of each TTL added or removed at random (default 0.1). */
  readonly jitter?: number;
}

export interface CachePolicy {
  /** Fresh for this long (jittered). */
  readonly ttlMs: number;
  /** A missing value is remembered this long. */
  readonly negativeTtlMs: number;
  /** Past freshness, kept this much longer to answer when the source fails. */
  readonly staleMs: number;
}

/**
 * An entry as stored: `<version>|<fresh until, epoch ms>|<the value's JSON, or null when the source had
 * nothing>`. The JSON text is kept as it is, so a hit can be sent without parsing it and writing it again.
 */
interface Entry {
  readonly version: string;
  readonly freshUntil: number;
  readonly json: string;
}

function parseEntry(raw: string | undefined): Entry | undefined {
  if (raw === undefined) return undefined;
  const a = raw.indexOf('|');
  const b = raw.indexOf('|', a + 1);
  if (a < 0 || b < 0) return undefined;
  return { version: raw.slice(0, a), freshUntil: Number(raw.slice(a + 1, b)), json: raw.slice(b + 1) };
}

export interface CacheAside {
  /** The value of `key` in the named cache, loading it once per process when absent or stale. */
  get<T>(
    name: string,
    key: string,
    load: () => Promise<T | undefined>,
    policy: CachePolicy,
  ): Promise<T | undefined>;
  /** The same as `get`, as the value's JSON text (undefined for a missing value): a hit is not parsed. */
  getJson<T>(
    name: string,
    key: string,
    load: () => Promise<T | undefined>,
    policy: CachePolicy,
  ): Promise<string | undefined>;
  /** Makes every instance's entries unreachable (they expire on their own). */
  invalidate(): Promise<void>;
}

interface Loader<T> {
  readonly name: string;
  readonly key: string;
  readonly version: string;
  readonly load: () => Promise<T | undefined>;
  readonly policy: CachePolicy;
}

const NULL = 'null';

/** Loads from the source and stores the entry; a failing source answers with the stale entry if there is one. */
async function refresh<T>(
  options: CacheAsideOptions & { now: () => number; jittered: (ms: number) => number },
  loader: Loader<T>,
  stale: Entry | undefined,
): Promise<string> {
  const { policy } = loader;
  try {
    const value = await loader.load();
    const json = value === undefined ? NULL : JSON.stringify(value);
    const fresh = options.jittered(value === undefined ? policy.negativeTtlMs : policy.ttlMs);
    const entry = `${loader.version}|${options.now() + fresh}|${json}`;
    // Best effort: a cache outage must not take the catalog down.
    await options.cache.set(loader.key, entry, fresh + policy.staleMs).catch(() => undefined);
    return json;
  } catch (error) {
    if (stale === undefined) throw error;
    options.onResult?.(loader.name, 'stale');
    return stale.json;
  }
}

export function createCacheAside(options: CacheAsideOptions): CacheAside {
  const { cache, prefix } = options;
  const now = options.now ?? Date.now;
  const jitter = options.jitter ?? 0.1;
  const jittered = (ms: number) => Math.max(1, Math.round(ms * (1 - jitter + Math.random() * 2 * jitter)));
  const deps = { ...options, now, jittered };
  const flights = new Map<string, Promise<string>>();
  const versionKey = `${prefix}:v`;
  const report = (name: string, result: CacheResult) => options.onResult?.(name, result);
  // A cache outage reads as a miss.
  const read = (key: string) => cache.get(key).catch(() => undefined);

  async function getJson<T>(
    name: string,
    key: string,
    load: () => Promise<T | undefined>,
    policy: CachePolicy,
  ): Promise<string | undefined> {
    const full = `${prefix}:${name}:${key}`;
    // The version and the entry together (one round trip): an entry of an older version is stale.
    const [version = '0', raw] = await Promise.all([read(versionKey), read(full)]);
    const entry = parseEntry(raw);
    if (entry && entry.version === version && entry.freshUntil > now()) {
      report(name, entry.json === NULL ? 'negative' : 'hit');
      return entry.json === NULL ? undefined : entry.json;
    }
    const flightKey = `${version}|${full}`;
    let flight = flights.get(flightKey);
    if (!flight) {
      report(name, 'miss');
      // A stale entry of any version still answers when the source fails.
      flight = refresh(deps, { name, key: full, version, load, policy }, entry).finally(() =>
        flights.delete(flightKey),
      );
      flights.set(flightKey, flight);
    }
    const json = await flight;
    return json === NULL ? undefined : json;
  }

  return {
    getJson,
    async get(name, key, load, policy) {
      const json = await getJson(name, key, load, policy);
      return json === undefined ? undefined : JSON.parse(json);
    },
    async invalidate() {
      await cache.increment(versionKey, 1);
    },
  };
}
