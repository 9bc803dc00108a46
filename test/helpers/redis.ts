/** @module Real-Redis fixtures for tests: a connected client and a unique key prefix, cleaned up after. */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis } from '../../src/adapters/redis/connect.js';

export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export interface TestRedis {
  readonly redis: Redis;
  /** Unique to this fixture, ends with ':'; put every key (and every adapter keyPrefix) under it. */
  readonly prefix: string;
  /** Delete every key under `prefix`, then close the client. */
  cleanup(): Promise<void>;
}

/** Deletes every key starting with `prefix` (SCAN, never KEYS, so a shared Redis is not blocked). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/**
 * Connects to TEST_REDIS_URL and rejects when Redis is unreachable, so a suite using this in
 * `beforeAll` fails instead of silently skipping.
 */
export async function createTestRedis(label = 'test'): Promise<TestRedis> {
  const safeLabel = label.replace(/[^a-zA-Z0-9_-]/g, '-');
  const prefix = `wegate-test:${safeLabel}:${randomBytes(6).toString('hex')}:`;
  const redis = await connectRedis(testRedisUrl(), { name: `wegate-test-${safeLabel}` });
  return {
    redis,
    prefix,
    async cleanup() {
      try {
        await deleteKeysWithPrefix(redis, prefix);
      } finally {
        await closeRedis(redis);
      }
    },
  };
}

/**
 * An empty Redis database of TEST_REDIS_URL's server (15 down to 1), claimed with a marker key so that
 * parallel suites never share one: for tests that must see every key a server writes. `release()`
 * deletes every key in it.
 */
export async function claimEmptyRedisDb(): Promise<{ url: string; redis: Redis; release(): Promise<void> }> {
  const base = testRedisUrl().replace(/\/\d*$/, '');
  for (let db = 15; db >= 1; db -= 1) {
    const url = `${base}/${db}`;
    const redis = await connectRedis(url, { name: 'wegate-test-claim' });
    const claimed = (await redis.dbsize()) === 0 && (await redis.set('test:claim', '1', 'NX')) === 'OK';
    if (claimed)
      return { url, redis, release: async () => void (await redis.flushdb(), await closeRedis(redis)) };
    await closeRedis(redis);
  }
  throw new Error('no empty Redis database among 1–15');
}
