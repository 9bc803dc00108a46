import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { testRedisUrl } from '../../../test/helpers/redis.js';
import { createRedisCache } from './cache.js';
import { closeRedis, connectRedis, redactRedisUrl } from './connect.js';
import { createRedisLock } from './lock.js';
import { createRedisRateLimiter } from './rate-limiter.js';

// Nothing listens on port 6 (a reserved, unassigned port), so a connection there is refused at once.
const DEAD_URL = 'redis://:s3cret@127.0.0.1:6';
const PROMPT_MS = 1000;

async function elapsedOf(task: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  try {
    await task();
    return { ms: performance.now() - started, error: undefined };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

/** A TCP proxy to the test Redis that can be cut, to simulate an outage of an established client. */
async function startProxy(port = 0): Promise<{ port: number; cut(): Promise<void>; server: Server }> {
  const upstream = new URL(testRedisUrl());
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const remote = tcpConnect(Number(upstream.port || 6379), upstream.hostname);
    for (const s of [client, remote]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(remote).pipe(client);
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    port: bound,
    server,
    async cut() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const opened: Redis[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((r) => closeRedis(r)));
});

describe('connectRedis', () => {
  it('rejects promptly when Redis is unreachable, naming the address but not the password', async () => {
    const { ms, error } = await elapsedOf(() => connectRedis(DEAD_URL));
    expect(ms).toBeLessThan(PROMPT_MS);
    expect(String(error)).toContain('redis://127.0.0.1:6');
    expect(String(error)).toContain('ECONNREFUSED');
    expect(String(error)).not.toContain('s3cret');
  });

  it('fails every adapter call at once, instead of queueing, while Redis is down', async () => {
    const redis = await connectRedis(DEAD_URL, { lazy: true });
    opened.push(redis);
    const calls = [
      () => createRedisCache({ redis, keyPrefix: 'x:' }).get('k'),
      () => createRedisLock({ redis, keyPrefix: 'x:' }).acquire('k', 1000, { waitMs: 5000 }),
      () => createRedisRateLimiter({ redis, points: 1, durationMs: 1000 }).consume('k'),
    ];
    for (const call of calls) {
      const { ms, error } = await elapsedOf(call);
      expect(error).toBeInstanceOf(Error);
      expect(ms).toBeLessThan(PROMPT_MS);
    }
  });

  it('fails fast when an established connection drops, and heals once Redis is back', async () => {
    const proxy = await startProxy();
    const redis = await connectRedis(`redis://127.0.0.1:${proxy.port}`, { name: 'wegate-outage-test' });
    opened.push(redis);
    expect(await redis.client('GETNAME')).toBe('wegate-outage-test');
    await proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cache = createRedisCache({ redis, keyPrefix: 'wegate-test:outage:' });
    const { ms, error } = await elapsedOf(() => cache.get('k'));
    expect(error).toBeInstanceOf(Error);
    expect(ms).toBeLessThan(PROMPT_MS);
    const back = await startProxy(proxy.port);
    try {
      await once(redis, 'ready');
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
      await back.cut();
    }
  });
});

describe('closeRedis', () => {
  it('quits a connected client so later commands are refused', async () => {
    const redis = await connectRedis(testRedisUrl());
    await closeRedis(redis);
    await expect(redis.ping()).rejects.toThrow();
  });

  it('returns promptly for a client that never connected', async () => {
    const redis = await connectRedis(DEAD_URL, { lazy: true });
    const { ms } = await elapsedOf(() => closeRedis(redis));
    expect(ms).toBeLessThan(PROMPT_MS);
  });
});

describe('redactRedisUrl', () => {
  it('drops credentials and keeps host and database', () => {
    expect(redactRedisUrl('rediss://user:pw@cache.internal:6380/2')).toBe('rediss://cache.internal:6380/2');
  });
});
