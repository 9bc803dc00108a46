import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, type TestRedis } from '../../../test/helpers/redis.js';
import { describeCacheContract } from '../../kernel/ports/cache.contract.js';
import { createRedisCache } from './cache.js';

let t: TestRedis;
let n = 0;
beforeAll(async () => {
  t = await createTestRedis('redis-cache');
});
afterAll(async () => {
  await t?.cleanup();
});

describeCacheContract('redis', async () => {
  const prefix = `${t.prefix}${(n += 1)}:`;
  return {
    cache: createRedisCache({ redis: t.redis, keyPrefix: prefix }),
    sibling: () => createRedisCache({ redis: t.redis, keyPrefix: `${prefix}sibling:` }),
    cleanup: async () => {},
  };
});

describe('createRedisCache', () => {
  it('stores every key under its prefix and nowhere else', async () => {
    const cache = createRedisCache({ redis: t.redis, keyPrefix: `${t.prefix}raw:` });
    await cache.set('k', 'v', 5000);
    await cache.increment('n', 2);
    expect(await t.redis.get(`${t.prefix}raw:k`)).toBe('v');
    expect(await t.redis.get(`${t.prefix}raw:n`)).toBe('2');
    expect(await t.redis.exists('k', 'n')).toBe(0);
  });

  it('reloads its scripts after Redis forgot them (SCRIPT FLUSH)', async () => {
    const cache = createRedisCache({ redis: t.redis, keyPrefix: `${t.prefix}flush:` });
    await cache.increment('n');
    await t.redis.script('FLUSH');
    expect(await cache.increment('n')).toBe(2);
    await cache.set('cas', 'x');
    await t.redis.script('FLUSH');
    expect(await cache.deleteIfEquals('cas', 'x')).toBe(true);
  });

  it('leaves the client open on close, since the caller owns it', async () => {
    const cache = createRedisCache({ redis: t.redis, keyPrefix: `${t.prefix}own:` });
    await cache.close();
    expect(await t.redis.ping()).toBe('PONG');
  });
});
