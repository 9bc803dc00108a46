import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, testRedisUrl, type TestRedis } from '../../test/helpers/redis.js';
import { createLimits } from './create-limits.js';
import type { LimitOutcome, SlidingWindowStore } from './limits.types.js';
import { createMemorySlidingWindow } from './memory-sliding-window.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { createRedisSlidingWindow } from './redis-sliding-window.js';
import { watchLimitSettings } from './watch-limit-settings.js';

const login = { 'auth.login': { perUser: { max: 3, windowS: 60 }, perIp: { max: 5, windowS: 60 } } };

let testRedis: TestRedis;
beforeAll(async () => {
  testRedis = await createTestRedis('limits');
});
afterAll(() => testRedis.cleanup());

const stores: [string, () => SlidingWindowStore][] = [
  ['memory', () => createMemorySlidingWindow()],
  [
    'Redis',
    () =>
      createRedisSlidingWindow({ redis: testRedis.redis, keyPrefix: `${testRedis.prefix}${Math.random()}:` }),
  ],
];

describe.each(stores)('limits on the %s sliding window', (_name, storeOf) => {
  it('holds the per-user limit across addresses and the per-IP limit across users', async () => {
    const limits = createLimits({ store: storeOf(), settings: login });
    const user = await Promise.all(
      ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'].map((ip) =>
        limits.check('auth.login', { userId: 'u1', ip }),
      ),
    );
    expect(user.map((d) => d.outcome).sort()).toEqual(['allowed', 'allowed', 'allowed', 'limited']);
    const ip = [];
    for (const userId of ['a', 'b', 'c', 'd', 'e', 'f'])
      ip.push((await limits.check('auth.login', { userId, ip: '203.0.113.5' })).outcome);
    expect(ip).toEqual(['allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'limited']);
  });

  it('does not count a refused request in the other window', async () => {
    const limits = createLimits({ store: storeOf(), settings: login });
    for (let i = 0; i < 3; i += 1) await limits.check('auth.login', { userId: 'u2', ip: '192.0.2.1' });
    const refused = await limits.check('auth.login', { userId: 'u2', ip: '192.0.2.1' });
    expect(refused.outcome).toBe('limited');
    expect(refused.policies.find((p) => p.name === 'auth.login.ip')?.remaining).toBe(2);
    expect(refused.retryAfterS).toBeGreaterThan(55);
  });

  it('lets a window slide: hits leave it one by one as they age', async () => {
    const limits = createLimits({ store: storeOf(), settings: { burst: { perIp: { max: 2, windowS: 1 } } } });
    expect((await limits.check('burst', { ip: '192.0.2.9' })).outcome).toBe('allowed');
    await new Promise((r) => setTimeout(r, 600));
    expect((await limits.check('burst', { ip: '192.0.2.9' })).outcome).toBe('allowed');
    expect((await limits.check('burst', { ip: '192.0.2.9' })).outcome).toBe('limited');
    await new Promise((r) => setTimeout(r, 500));
    // The first hit left the window (1.1 s old), the second has not: one place free, not two.
    expect((await limits.check('burst', { ip: '192.0.2.9' })).outcome).toBe('allowed');
    expect((await limits.check('burst', { ip: '192.0.2.9' })).outcome).toBe('limited');
  });
});

describe('limits', () => {
  it('leave a class without settings unlimited, and use a plugin default until the file names the class', async () => {
    const limits = createLimits({ store: createMemorySlidingWindow() });
    expect((await limits.check('nothing', { ip: '192.0.2.1' })).policies).toEqual([]);
    const defaults = { perIp: { max: 1, windowS: 60 } };
    expect((await limits.check('shop.order', { ip: '192.0.2.1' }, defaults)).outcome).toBe('allowed');
    expect((await limits.check('shop.order', { ip: '192.0.2.1' }, defaults)).outcome).toBe('limited');
    limits.update({ 'shop.order': { perIp: { max: 10, windowS: 60 } } });
    expect((await limits.check('shop.order', { ip: '192.0.2.1' }, defaults)).outcome).toBe('allowed');
  });

  it('describe the decision in RateLimit-Policy, RateLimit and Retry-After', async () => {
    const limits = createLimits({ store: createMemorySlidingWindow(), settings: login });
    const ok = rateLimitHeaders(await limits.check('auth.login', { userId: 'h', ip: '192.0.2.2' }));
    expect(ok).toEqual({
      'ratelimit-policy': '"auth.login.user";q=3;w=60, "auth.login.ip";q=5;w=60',
      ratelimit: '"auth.login.user";r=2;t=60, "auth.login.ip";r=4;t=60',
    });
    for (let i = 0; i < 2; i += 1) await limits.check('auth.login', { userId: 'h', ip: '192.0.2.2' });
    const refused = rateLimitHeaders(await limits.check('auth.login', { userId: 'h', ip: '192.0.2.2' }));
    expect(refused['retry-after']).toBe('60');
    expect(refused['ratelimit']).toMatch(/^"auth.login.user";r=0;t=\d+, "auth.login.ip";r=2;t=\d+$/);
  });

  it.each([
    ['open', 'error_open', undefined],
    ['closed', 'error_closed', 1],
  ] as const)('fail %s when Redis is down', async (failMode, outcome, retryAfterS) => {
    const redis = new Redis(testRedisUrl(), {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
    });
    await redis.connect();
    redis.disconnect(false);
    const seen: LimitOutcome[] = [];
    const limits = createLimits({
      store: createRedisSlidingWindow({ redis, keyPrefix: testRedis.prefix }),
      settings: login,
      failMode,
      observe: (_cls, o) => seen.push(o),
    });
    const decision = await limits.check('auth.login', { userId: 'x', ip: '192.0.2.3' });
    expect(decision.outcome).toBe(outcome);
    expect(decision.retryAfterS).toBe(retryAfterS);
    expect(seen).toEqual([outcome]);
  });
});

describe('watchLimitSettings', () => {
  it('brings three instances watching one file to a changed limit within two seconds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wegate-limits-three-'));
    const file = join(dir, 'wegate.config.json');
    writeFileSync(file, JSON.stringify({ limits: login }));
    const instances = [0, 1, 2].map(() =>
      createLimits({ store: createMemorySlidingWindow(), settings: login }),
    );
    const watchers = instances.map((limits) =>
      watchLimitSettings({ file, onChange: (settings) => limits.update(settings), pollMs: 1000 }),
    );
    try {
      await new Promise((r) => setTimeout(r, 100));
      const next = { 'auth.login': { perIp: { max: 1, windowS: 60 } } };
      const changed = Date.now();
      writeFileSync(file, JSON.stringify({ limits: next }));
      await expect
        .poll(() => instances.every((l) => JSON.stringify(l.settings()) === JSON.stringify(next)), {
          timeout: 2000,
          interval: 20,
        })
        .toBe(true);
      expect(Date.now() - changed).toBeLessThan(2000);
    } finally {
      watchers.forEach((w) => w.close());
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies a changed limits section within two seconds and keeps the old one over an invalid edit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wegate-limits-watch-'));
    const file = join(dir, 'wegate.config.json');
    writeFileSync(file, JSON.stringify({ limits: login }));
    const seen: unknown[] = [];
    const invalid: string[] = [];
    const watcher = watchLimitSettings({
      file,
      onChange: (s) => seen.push(s),
      onInvalid: (r) => invalid.push(r),
      pollMs: 200,
    });
    try {
      await new Promise((r) => setTimeout(r, 100));
      const next = { gateway: { perIp: { max: 1, windowS: 1 } } };
      // Replaced, as editors and ConfigMaps do, rather than written in place.
      writeFileSync(`${file}.tmp`, JSON.stringify({ limits: next }));
      const { renameSync } = await import('node:fs');
      renameSync(`${file}.tmp`, file);
      await expect.poll(() => seen.at(-1), { timeout: 2000, interval: 50 }).toEqual(next);
      writeFileSync(file, '{"limits": {"gateway": {"perIp": {"max": 0, "windowS": 1}}}}');
      await expect.poll(() => invalid.length, { timeout: 2000, interval: 50 }).toBeGreaterThan(0);
      expect(seen.at(-1)).toEqual(next);
    } finally {
      watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
