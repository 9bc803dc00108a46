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

interface Entry<T> {
  /** null: the source had nothing (a negative entry). */
  readonly v: T | null;
  /** Fresh until (epoch ms). */
  readonly f: number;
}

export interface CacheAside {
  /** The value of `key` in the named cache, loading it once per process when absent or stale. */
  get<T>(
    name: string,
    key: string,
    load: () => Promise<T | undefined>,
    policy: CachePolicy,
  ): Promise<T | undefined>;
  /** Makes every instance's entries unreachable (they expire on their own). */
  invalidate(): Promise<void>;
}

interface Loader<T> {
  readonly name: string;
  readonly key: string;
  readonly load: () => Promise<T | undefined>;
  readonly policy: CachePolicy;
}

/** Loads from the source and stores the entry; a failing source answers with the stale entry if there is one. */
async function refresh<T>(
  options: CacheAsideOptions & { now: () => number; jittered: (ms: number) => number },
  loader: Loader<T>,
  stale: Entry<T> | undefined,
): Promise<T | undefined> {
  const { policy } = loader;
  try {
    const value = await loader.load();
    const fresh = options.jittered(value === undefined ? policy.negativeTtlMs : policy.ttlMs);
    const entry: Entry<T> = { v: value ?? null, f: options.now() + fresh };
    // Best effort: a cache outage must not take the catalog down.
    await options.cache.set(loader.key, JSON.stringify(entry), fresh + policy.staleMs).catch(() => undefined);
    return value;
  } catch (error) {
    if (stale === undefined) throw error;
    options.onResult?.(loader.name, 'stale');
    return stale.v ?? undefined;
  }
}

export function createCacheAside(options: CacheAsideOptions): CacheAside {
  const { cache, prefix } = options;
  const now = options.now ?? Date.now;
  const jitter = options.jitter ?? 0.1;
  const jittered = (ms: number) => Math.max(1, Math.round(ms * (1 - jitter + Math.random() * 2 * jitter)));
  const deps = { ...options, now, jittered };
  const flights = new Map<string, Promise<unknown>>();
  const versionKey = `${prefix}:v`;
  const report = (name: string, result: CacheResult) => options.onResult?.(name, result);

  // A cache outage reads as a miss.
  const read = async <T>(key: string): Promise<Entry<T> | undefined> => {
    const raw = await cache.get(key).catch(() => undefined);
    return raw === undefined ? undefined : (JSON.parse(raw) as Entry<T>);
  };
  const version = async () => (await cache.get(versionKey).catch(() => undefined)) ?? '0';

  return {
    async get(name, key, load, policy) {
      const full = `${prefix}:${await version()}:${name}:${key}`;
      const entry = await read<Awaited<ReturnType<typeof load>>>(full);
      if (entry && entry.f > now()) {
        report(name, entry.v === null ? 'negative' : 'hit');
        return entry.v ?? undefined;
      }
      const running = flights.get(full);
      if (running) return running as ReturnType<typeof load>;
      report(name, 'miss');
      const flight = refresh(deps, { name, key: full, load, policy }, entry).finally(() =>
        flights.delete(full),
      );
      flights.set(full, flight);
      return flight;
    },
    async invalidate() {
      await cache.increment(versionKey, 1);
    },
  };
}
