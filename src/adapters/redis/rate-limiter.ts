/** @module Redis RateLimiter over rate-limiter-flexible's RateLimiterRedis (atomic Lua per consume). */
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { RateLimiter, RateLimitOptions } from '../../kernel/ports/rate-limiter.types.js';
import { consumeWith } from '../memory/consume-with.js';

export interface RedisRateLimiterOptions extends RateLimitOptions {
  /** Owned by the caller. */
  redis: Redis;
}

/**
 * A fixed-window limiter shared by every process on the same Redis. The window must be whole seconds:
 * the library expires Redis keys with `EX`, and a sub-second window would never expire at all.
 * A Redis failure is thrown (no in-memory insurance), so callers notice an outage instead of
 * silently letting every process spend the shared WeChat quota on its own.
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { redis, points, durationMs } = options;
  if (!(points > 0) || !(durationMs >= 1000) || durationMs % 1000 !== 0) {
    throw new RangeError('Redis rate limit needs points > 0 and durationMs a whole number of seconds');
  }
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    // ioredis, not node-redis: the library picks the call style from these flags.
    useRedisPackage: false,
    rejectIfRedisNotReady: true,
    points,
    duration: durationMs / 1000,
    keyPrefix: options.keyPrefix ?? 'wegate:rl',
  });
  return { consume: (key, consumed = 1) => consumeWith(limiter, key, consumed) };
}
