import { describe, expect, it } from 'vitest';
import { createMemoryCache } from 'wegate';
import { createCacheAside, type CacheResult } from './cache-aside.js';

const POLICY = { ttlMs: 1000, negativeTtlMs: 500, staleMs: 10_000 };

function setup(shared = createMemoryCache()) {
  const clock = { now: 1_000_000 };
  const results: CacheResult[] = [];
  const aside = createCacheAside({
    cache: shared,
    prefix: 't',
    now: () => clock.now,
    onResult: (_, r) => results.push(r),
  });
  return { aside, clock, results, shared };
}

describe('createCacheAside', () => {
  it('loads a key once for concurrent callers (single flight), then answers from the cache', async () => {
    const { aside, results } = setup();
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { n: 1 };
    };
    const values = await Promise.all(Array.from({ length: 10 }, () => aside.get('p', 'k', load, POLICY)));
    expect(values).toEqual(Array.from({ length: 10 }, () => ({ n: 1 })));
    expect(loads).toBe(1);
    expect(await aside.get('p', 'k', load, POLICY)).toEqual({ n: 1 });
    expect([loads, results.filter((r) => r === 'miss').length, results.at(-1)]).toEqual([1, 1, 'hit']);
  });

  it('remembers a missing value for the negative TTL, then asks the source again', async () => {
    const { aside, clock, results } = setup();
    let loads = 0;
    const load = async () => {
      loads += 1;
      return undefined;
    };
    expect(await aside.get('p', 'gone', load, POLICY)).toBeUndefined();
    expect(await aside.get('p', 'gone', load, POLICY)).toBeUndefined();
    expect([loads, results]).toEqual([1, ['miss', 'negative']]);
    clock.now += 600;
    await aside.get('p', 'gone', load, POLICY);
    expect(loads).toBe(2);
  });

  it('answers with the stale value when the source fails after freshness ended', async () => {
    const { aside, clock, results } = setup();
    await aside.get('p', 'k', async () => 'v1', POLICY);
    clock.now += 2000;
    const failing = async (): Promise<string> => {
      throw new Error('database down');
    };
    expect(await aside.get('p', 'k', failing, POLICY)).toBe('v1');
    expect(results.at(-1)).toBe('stale');
    await expect(aside.get('p', 'never-cached', failing, POLICY)).rejects.toThrow('database down');
  });

  it('invalidates every instance sharing the cache at once', async () => {
    const shared = createMemoryCache();
    const a = setup(shared);
    const b = setup(shared);
    await a.aside.get('p', 'k', async () => 'old', POLICY);
    expect(await b.aside.get('p', 'k', async () => 'unused', POLICY)).toBe('old');
    await b.aside.invalidate();
    expect(await a.aside.get('p', 'k', async () => 'new', POLICY)).toBe('new');
  });

  it('answers the JSON text of a value as stored, and undefined for a missing one', async () => {
    const { aside, shared } = setup();
    const value = { items: [{ id: 'p1', title: '龙井 "特级"' }], nextCursor: null };
    expect(await aside.getJson('list', 'k', async () => value, POLICY)).toBe(JSON.stringify(value));
    expect(await aside.getJson('list', 'k', async () => ({ other: 1 }), POLICY)).toBe(JSON.stringify(value));
    expect(await aside.getJson('product', 'gone', async () => undefined, POLICY)).toBeUndefined();
    // The entry: the version it was loaded under, when it stops being fresh (jittered), the JSON text.
    const stored = (await shared.get('t:list:k'))!;
    const [version, freshUntil] = stored.split('|');
    expect(version).toBe('0');
    expect(Number(freshUntil)).toBeGreaterThanOrEqual(1_000_000 + 900);
    expect(Number(freshUntil)).toBeLessThanOrEqual(1_000_000 + 1100);
    expect(stored.slice(`0|${freshUntil}|`.length)).toBe(JSON.stringify(value));
  });

  it('ignores an entry of an older version but still answers with it when the source fails', async () => {
    const { aside } = setup();
    await aside.get('p', 'k', async () => 'v1', POLICY);
    await aside.invalidate();
    const failing = async (): Promise<string> => {
      throw new Error('database down');
    };
    expect(await aside.get('p', 'k', failing, POLICY)).toBe('v1');
    expect(await aside.get('p', 'k', async () => 'v2', POLICY)).toBe('v2');
    expect(await aside.get('p', 'k', async () => 'v3', POLICY)).toBe('v2');
  });

  it('jitters the TTL within ±10 % (entries of one key set together do not expire together)', async () => {
    const { aside, shared } = setup();
    const ttls = new Set<number>();
    for (let i = 0; i < 20; i += 1) {
      await aside.get('p', `k${i}`, async () => i, POLICY);
      const ttl = (await shared.ttl(`t:p:k${i}`)) ?? 0;
      expect(ttl).toBeGreaterThanOrEqual(POLICY.staleMs + 900 - 50);
      expect(ttl).toBeLessThanOrEqual(POLICY.staleMs + 1100);
      ttls.add(Math.round(ttl / 10));
    }
    expect(ttls.size).toBeGreaterThan(1);
  });
});
