import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, type TestRedis } from '../../../test/helpers/redis.js';
import { describeLockContract } from '../../kernel/ports/lock.contract.js';
import { createRedisLock } from './lock.js';

let t: TestRedis;
let n = 0;
beforeAll(async () => {
  t = await createTestRedis('redis-lock');
});
afterAll(async () => {
  await t?.cleanup();
});

describeLockContract('redis', async () => {
  const keyPrefix = `${t.prefix}${(n += 1)}:`;
  return {
    lock: createRedisLock({ redis: t.redis, keyPrefix }),
    sibling: () => createRedisLock({ redis: t.redis, keyPrefix }),
    otherPrefix: () => createRedisLock({ redis: t.redis, keyPrefix: `${keyPrefix}other:` }),
    cleanup: async () => {},
  };
});

describe('createRedisLock', () => {
  it('holds the lease as a key with the requested expiry and a random owner token', async () => {
    const lock = createRedisLock({ redis: t.redis, keyPrefix: `${t.prefix}raw:` });
    const a = await lock.acquire('k', 5000);
    const tokenA = await t.redis.get(`${t.prefix}raw:k`);
    const pttl = await t.redis.pttl(`${t.prefix}raw:k`);
    expect(pttl).toBeGreaterThan(4000);
    expect(pttl).toBeLessThanOrEqual(5000);
    await a?.release();
    expect(await t.redis.exists(`${t.prefix}raw:k`)).toBe(0);
    await lock.acquire('k', 5000);
    const tokenB = await t.redis.get(`${t.prefix}raw:k`);
    expect(tokenA).toMatch(/^[\w-]{16,}$/);
    expect(tokenB).not.toBe(tokenA);
  });
});
