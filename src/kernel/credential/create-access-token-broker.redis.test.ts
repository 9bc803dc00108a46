import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../../../test/helpers/fake-wechat.js';
import { gateFirstDelete, type GatedCache } from '../../../test/helpers/gate-first-delete.js';
import { createTestRedis, type TestRedis } from '../../../test/helpers/redis.js';
import { connectRedis, closeRedis, createRedisCache, createRedisLock } from '../../adapters/redis/index.js';
import { createApiClient } from '../http/create-api-client.js';
import type { Cache } from '../ports/cache.types.js';
import { createAccessTokenBroker } from './create-access-token-broker.js';

describe('createAccessTokenBroker on Redis', () => {
  let redis: TestRedis;
  let second: Redis;
  let fake: FakeWeChat;

  beforeAll(async () => {
    redis = await createTestRedis('token-broker');
    second = await connectRedis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  });
  afterAll(async () => {
    await closeRedis(second);
    await redis.cleanup();
  });
  beforeEach(async () => {
    fake = await startFakeWeChat();
  });
  afterEach(async () => {
    await fake.close();
  });

  // Two clients stand for two processes: the only thing they share is Redis.
  const instance = (
    client: Redis,
    mode: 'stable' | 'classic',
    prefix: string,
    wrap: (cache: Cache) => Cache = (cache) => cache,
  ) => {
    const tokens = createAccessTokenBroker(
      { appid: fake.appid, secret: fake.secret, mode, baseUrl: fake.url, keyPrefix: `${prefix}wegate` },
      {
        cache: wrap(createRedisCache({ redis: client, keyPrefix: redis.prefix })),
        lock: createRedisLock({ redis: client, keyPrefix: `${redis.prefix}lock:` }),
      },
    );
    return { tokens, api: createApiClient({ baseUrl: fake.url }, { tokens }) };
  };

  it.each(['stable', 'classic'] as const)(
    'fetches one %s token for 400 concurrent calls from two processes',
    async (mode) => {
      const a = instance(redis.redis, mode, mode);
      const b = instance(second, mode, mode);
      const results = await Promise.all(
        Array.from({ length: 400 }, (_, i) => (i % 2 ? a : b).api.get('/cgi-bin/getcallbackip')),
      );
      expect(results).toHaveLength(400);
      expect(fake.count('/cgi-bin/stable_token') + fake.count('/cgi-bin/token')).toBe(1);
      expect(
        fake.requests.filter((r) => r.path === '/cgi-bin/getcallbackip').every((r) => r.query.access_token),
      ).toBe(true);
      await Promise.all([a.api.close(), b.api.close()]);
    },
  );

  it.each(['stable', 'classic'] as const)(
    'replays with a new %s token when another call of the process starts while the failing one is being dropped',
    async (mode) => {
      let gate: GatedCache | undefined;
      const a = instance(redis.redis, mode, `mid-${mode}`, (cache) => (gate = gateFirstDelete(cache)).cache);
      const b = instance(second, mode, `mid-${mode}`);
      const t1 = await a.tokens.get();
      expect(await b.tokens.get()).toBe(t1);
      fake.revoke(t1);
      const failing = a.api.get('/cgi-bin/getcallbackip');
      await gate!.reached;
      // A is removing t1 from Redis: a caller of A arriving now, then B meeting the revocation too.
      const meanwhile = await a.tokens.get();
      expect(meanwhile).not.toBe(t1);
      const other = b.api.get('/cgi-bin/getcallbackip');
      gate!.release();
      await Promise.all([failing, other]);
      const sent = fake.requests.filter((r) => r.path === '/cgi-bin/getcallbackip');
      // Each process sent t1 once, then replayed on the one new token (in whichever order they landed).
      expect(sent.map((r) => r.query.access_token).sort()).toEqual([t1, t1, meanwhile, meanwhile].sort());
      expect(fake.issued[mode]).toBe(2);
      await Promise.all([a.api.close(), b.api.close()]);
    },
  );

  it('recovers both processes from a revoked classic token with a single refresh', async () => {
    const a = instance(redis.redis, 'classic', 'revoke');
    const b = instance(second, 'classic', 'revoke');
    const t1 = await a.tokens.get();
    expect(await b.tokens.get()).toBe(t1);
    fake.revoke(t1);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).api.get('/cgi-bin/getcallbackip')),
    );
    expect(fake.issued.classic).toBe(2);
    await Promise.all([a.api.close(), b.api.close()]);
  });
});
