/** @module Maps rate-limiter-flexible's resolve/reject protocol onto RateLimitResult. */
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitResult } from '../../kernel/ports/rate-limiter.types.js';

function toResult(allowed: boolean, res: RateLimiterRes, limit: number): RateLimitResult {
  return {
    allowed,
    remaining: res.remainingPoints,
    msBeforeNext: Math.max(0, res.msBeforeNext),
    excess: allowed ? 0 : Math.max(0, res.consumedPoints - limit),
  };
}

/**
 * Consumes `points` for `key`. The library rejects with a RateLimiterRes when the limit is hit (that
 * is an answer, returned as `allowed: false`) and with an Error when the store fails (thrown as is).
 */
export async function consumeWith(
  limiter: RateLimiterAbstract,
  key: string,
  points: number,
): Promise<RateLimitResult> {
  try {
    return toResult(true, await limiter.consume(key, points), limiter.points);
  } catch (e) {
    if (e instanceof RateLimiterRes) return toResult(false, e, limiter.points);
    throw e;
  }
}
