import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache, createRedisLock } from '../adapters/redis/index.js';
import type { Cache } from '../kernel/ports/index.js';
import { createTestRedis, type TestRedis } from '../../test/helpers/redis.js';
import { startPayFixture, type PayFixture } from '../../test/fixtures/v3/start-pay-fixture.js';

let fx: PayFixture;
let redis: TestRedis;

beforeAll(async () => {
  redis = await createTestRedis('pay-certificates');
  fx = await startPayFixture();
});
afterAll(async () => {
  await fx.close();
  await redis.cleanup();
});

async function currentSerial(): Promise<string> {
  const keys = await fx.control('GET', '/keys');
  return (keys.json['certificates'] as Array<{ serial: string }>)[0]!.serial;
}

describe('platform certificates shared through Redis', () => {
  it('are downloaded once for several instances, even when they all start verifying at the same time', async () => {
    const deps = () => ({
      cache: createRedisCache({ redis: redis.redis, keyPrefix: redis.prefix }),
      lock: createRedisLock({ redis: redis.redis, keyPrefix: redis.prefix }),
    });
    const instances = [fx.client({}, deps()), fx.client({}, deps()), fx.client({}, deps())];
    const serial = await currentSerial();
    const start = fx.certificateDownloads();
    const found = await Promise.all(instances.map((client) => client.certificates.get(serial)));
    expect(found.map((cert) => cert?.serial)).toEqual([serial, serial, serial]);
    expect(fx.certificateDownloads()).toBe(start + 1);
    const stored = await redis.redis.get(`${redis.prefix}wegate:pay:${fx.mchid}:platform-certificates`);
    expect(JSON.parse(stored!)).toHaveLength(1);
  });

  it('still verify when the cache is down, by downloading', async () => {
    const down: Cache = {
      get: () => Promise.reject(new Error('cache down')),
      set: () => Promise.reject(new Error('cache down')),
      setIfAbsent: () => Promise.reject(new Error('cache down')),
      delete: () => Promise.reject(new Error('cache down')),
      deleteIfEquals: () => Promise.reject(new Error('cache down')),
      increment: () => Promise.reject(new Error('cache down')),
      ttl: () => Promise.reject(new Error('cache down')),
      close: async () => undefined,
    };
    const client = fx.client({}, { cache: down });
    const serial = await currentSerial();
    expect((await client.certificates.get(serial))?.serial).toBe(serial);
  });
});
