import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestRedis, deleteKeysWithPrefix, type TestRedis } from '../../../test/helpers/redis.js';
import { describeRateLimiterContract } from '../../kernel/ports/rate-limiter.contract.js';
import { createRedisRateLimiter } from './rate-limiter.js';

let t: TestRedis;
let n = 0;
beforeAll(async () => {
  t = await createTestRedis('redis-rl');
});
afterAll(async () => {
  await t?.cleanup();
});
// A fresh namespace per test: limiters made within one test under one prefix share counts.
beforeEach(() => {
  n += 1;
});

describeRateLimiterContract(
  'redis',
  async (options) => {
    const run = `${t.prefix}${n}:`;
    return {
      limiter: createRedisRateLimiter({
        ...options,
        redis: t.redis,
        keyPrefix: `${run}${options.keyPrefix}`,
      }),
      cleanup: async () => {
        await deleteKeysWithPrefix(t.redis, run);
      },
    };
  },
  { sharedBackend: true },
);

describe('createRedisRateLimiter', () => {
  it('keeps its counter in Redis under the prefix, expiring with the window', async () => {
    const limiter = createRedisRateLimiter({
      redis: t.redis,
      points: 5,
      durationMs: 2000,
      keyPrefix: `${t.prefix}raw`,
    });
    await limiter.consume('app', 2);
    expect(await t.redis.get(`${t.prefix}raw:app`)).toBe('2');
    const pttl = await t.redis.pttl(`${t.prefix}raw:app`);
    expect(pttl).toBeGreaterThan(1000);
    expect(pttl).toBeLessThanOrEqual(2000);
  });

  it('refuses windows Redis cannot expire exactly', () => {
    expect(() => createRedisRateLimiter({ redis: t.redis, points: 1, durationMs: 500 })).toThrow(RangeError);
    expect(() => createRedisRateLimiter({ redis: t.redis, points: 1, durationMs: 1500 })).toThrow(RangeError);
  });
});
