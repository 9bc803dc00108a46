/** @module In-process RateLimiter over rate-limiter-flexible's RateLimiterMemory. */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { RateLimiter, RateLimitOptions } from '../../kernel/ports/rate-limiter.types.js';
import { consumeWith } from './consume-with.js';

/** A fixed-window limiter counting in this process only (sandbox mode, single instance). */
export function createMemoryRateLimiter(options: RateLimitOptions): RateLimiter {
  if (!(options.points > 0) || !(options.durationMs > 0)) {
    throw new RangeError('rate limit needs points > 0 and durationMs > 0');
  }
  const limiter = new RateLimiterMemory({
    points: options.points,
    duration: options.durationMs / 1000,
    keyPrefix: options.keyPrefix ?? 'wegate:rl',
  });
  return { consume: (key, points = 1) => consumeWith(limiter, key, points) };
}
