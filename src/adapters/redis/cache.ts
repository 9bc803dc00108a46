/** @module Redis Cache: shared by every process pointing at the same Redis. */
import type { Redis } from 'ioredis';
import type { Cache } from '../../kernel/ports/cache.types.js';
import { normalizeTtlMs } from '../memory/ttl-ms.js';
import { compareAndDelete, incrementWithTtl } from './lua-script.js';

export interface RedisCacheOptions {
  /**
   * The client to use. The caller owns it: `close()` leaves it open, because the same client usually
   * serves the lock, the rate limiter and others too. Close it with `closeRedis` when all are done.
   */
  redis: Redis;
  /** Prepended to every key, e.g. `wegate:cache:`. */
  keyPrefix: string;
}

/** A Cache over Redis strings: SET PX / SET NX PX / PTTL, and Lua for compare-and-delete and increment. */
export function createRedisCache(options: RedisCacheOptions): Cache {
  const { redis, keyPrefix } = options;
  const k = (key: string): string => keyPrefix + key;

  return {
    async get(key) {
      return (await redis.get(k(key))) ?? undefined;
    },
    async set(key, value, ttlMs) {
      const ttl = normalizeTtlMs(ttlMs);
      if (ttl === undefined) await redis.set(k(key), value);
      else await redis.set(k(key), value, 'PX', ttl);
    },
    async setIfAbsent(key, value, ttlMs) {
      const ttl = normalizeTtlMs(ttlMs);
      const reply =
        ttl === undefined
          ? await redis.set(k(key), value, 'NX')
          : await redis.set(k(key), value, 'PX', ttl, 'NX');
      return reply === 'OK';
    },
    async delete(key) {
      await redis.del(k(key));
    },
    async deleteIfEquals(key, expected) {
      return Number(await compareAndDelete.run(redis, [k(key)], [expected])) === 1;
    },
    async increment(key, by = 1, ttlMs) {
      const ttl = normalizeTtlMs(ttlMs) ?? 0;
      if (!Number.isSafeInteger(by)) throw new RangeError(`increment step must be an integer, got ${by}`);
      return Number(await incrementWithTtl.run(redis, [k(key)], [by, ttl]));
    },
    async ttl(key) {
      const pttl = await redis.pttl(k(key));
      // PTTL answers -2 for a missing key and -1 for a key without expiry.
      return pttl < 0 ? undefined : pttl;
    },
    async close() {},
  };
}
