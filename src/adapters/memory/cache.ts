/** @module In-process Cache: a Map with expiry, for sandbox mode and tests. */
import type { Cache } from '../../kernel/ports/cache.types.js';
import { systemClock, type Clock } from '../../kernel/ports/clock.types.js';
import { createExpiringMap } from './expiring-map.js';
import { normalizeTtlMs } from './ttl-ms.js';

export interface MemoryCacheOptions {
  clock?: Clock;
  /** Upper bound on entries; past it expired entries go first, then the oldest written. Default 100 000. */
  maxEntries?: number;
  /** How often expired entries are swept (real time). Default 60 000 ms. */
  sweepIntervalMs?: number;
}

/** The memory Cache, plus a count for metrics and tests. */
export interface MemoryCache extends Cache {
  /** Entries held right now, including expired ones not yet swept. */
  size(): number;
}

const INTEGER = /^-?\d+$/;

/** A Cache kept in this process: expired entries vanish on read and on a periodic, unref'd sweep. */
export function createMemoryCache(options: MemoryCacheOptions = {}): MemoryCache {
  const clock = options.clock ?? systemClock;
  const map = createExpiringMap<string>(clock, options.maxEntries ?? 100_000);
  const timer = setInterval(map.sweep, options.sweepIntervalMs ?? 60_000);
  timer.unref();

  return {
    size: map.size,
    async get(key) {
      return map.live(key)?.value;
    },
    async set(key, value, ttlMs) {
      map.write(key, value, normalizeTtlMs(ttlMs));
    },
    async setIfAbsent(key, value, ttlMs) {
      const ttl = normalizeTtlMs(ttlMs);
      if (map.live(key) !== undefined) return false;
      map.write(key, value, ttl, true);
      return true;
    },
    async delete(key) {
      map.delete(key);
    },
    async deleteIfEquals(key, expected) {
      if (map.live(key)?.value !== expected) return false;
      map.delete(key);
      return true;
    },
    async increment(key, by = 1, ttlMs) {
      const ttl = normalizeTtlMs(ttlMs);
      if (!Number.isSafeInteger(by)) throw new RangeError(`increment step must be an integer, got ${by}`);
      const entry = map.live(key);
      if (entry === undefined) return Number(map.write(key, String(by), ttl).value);
      if (!INTEGER.test(entry.value)) throw new RangeError(`cache value at ${key} is not an integer`);
      entry.value = String(Number(entry.value) + by);
      return Number(entry.value);
    },
    async ttl(key) {
      const expiresAt = map.live(key)?.expiresAt;
      return expiresAt === undefined ? undefined : expiresAt - clock.now();
    },
    async close() {
      clearInterval(timer);
      map.clear();
    },
  };
}
