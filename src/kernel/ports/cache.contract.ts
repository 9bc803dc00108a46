/** @module The behaviour every Cache adapter must show; each adapter's test file runs this suite. */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cache } from './cache.types.js';
import type { Clock } from './clock.types.js';

/** A clock the suite can move; adapters on real time (Redis) omit it and the suite sleeps instead. */
export interface ManualClockLike extends Clock {
  advance(ms: number): void;
}

export interface CacheFixture {
  cache: Cache;
  clock?: ManualClockLike;
  /** A second Cache on the same backend under another key prefix (backends shared by processes). */
  sibling?: () => Cache;
  cleanup(): Promise<void>;
}

/** Lets `ms` pass: moves the manual clock when there is one, sleeps otherwise. */
export async function elapse(clock: ManualClockLike | undefined, ms: number): Promise<void> {
  if (clock) clock.advance(ms);
  else await sleep(ms);
}

export function describeCacheContract(name: string, make: () => Promise<CacheFixture>): void {
  describe(`Cache contract: ${name}`, () => {
    let fx: CacheFixture;
    beforeEach(async () => {
      fx = await make();
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('returns undefined for a key never set and the latest value after set', async () => {
      expect(await fx.cache.get('missing')).toBeUndefined();
      await fx.cache.set('a:b', 'first');
      await fx.cache.set('a:b', '第二 value');
      expect(await fx.cache.get('a:b')).toBe('第二 value');
      expect(await fx.cache.get('a')).toBeUndefined();
    });

    it('expires a value after its ttl and reports the remaining ttl before that', async () => {
      await fx.cache.set('short', 'v', 100);
      const ttl = await fx.cache.ttl('short');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(100);
      expect(await fx.cache.get('short')).toBe('v');
      await elapse(fx.clock, 150);
      expect(await fx.cache.get('short')).toBeUndefined();
      expect(await fx.cache.ttl('short')).toBeUndefined();
    });

    it('reports no ttl for a value without expiry, and set without ttl clears an old one', async () => {
      await fx.cache.set('k', 'v', 100);
      await fx.cache.set('k', 'w');
      expect(await fx.cache.ttl('k')).toBeUndefined();
      await elapse(fx.clock, 150);
      expect(await fx.cache.get('k')).toBe('w');
      expect(await fx.cache.ttl('nothing')).toBeUndefined();
    });

    it('rejects a ttl that is zero or negative', async () => {
      await expect(fx.cache.set('k', 'v', 0)).rejects.toThrow(RangeError);
      await expect(fx.cache.setIfAbsent('k', 'v', -5)).rejects.toThrow(RangeError);
      expect(await fx.cache.get('k')).toBeUndefined();
    });

    it('deletes a key', async () => {
      await fx.cache.set('gone', 'v');
      await fx.cache.delete('gone');
      await fx.cache.delete('never-there');
      expect(await fx.cache.get('gone')).toBeUndefined();
    });

    it('setIfAbsent stores only when the key is absent, and again once it expired', async () => {
      expect(await fx.cache.setIfAbsent('nx', 'one', 100)).toBe(true);
      expect(await fx.cache.setIfAbsent('nx', 'two', 100)).toBe(false);
      expect(await fx.cache.get('nx')).toBe('one');
      await elapse(fx.clock, 150);
      expect(await fx.cache.setIfAbsent('nx', 'three')).toBe(true);
      expect(await fx.cache.get('nx')).toBe('three');
      expect(await fx.cache.ttl('nx')).toBeUndefined();
    });

    it('lets exactly one of 50 concurrent setIfAbsent calls win, and keeps the winner value', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => fx.cache.setIfAbsent('race', `v${i}`, 5000)),
      );
      const winners = results.flatMap((won, i) => (won ? [i] : []));
      expect(winners).toHaveLength(1);
      expect(await fx.cache.get('race')).toBe(`v${winners[0]}`);
    });

    it('deleteIfEquals deletes only while the key holds the expected value', async () => {
      await fx.cache.set('cas', 'mine');
      expect(await fx.cache.deleteIfEquals('cas', 'theirs')).toBe(false);
      expect(await fx.cache.get('cas')).toBe('mine');
      expect(await fx.cache.deleteIfEquals('cas', 'mine')).toBe(true);
      expect(await fx.cache.get('cas')).toBeUndefined();
      expect(await fx.cache.deleteIfEquals('cas', 'mine')).toBe(false);
    });

    it('increment creates a counter with its ttl and later increments keep that ttl', async () => {
      expect(await fx.cache.increment('n', 1, 1000)).toBe(1);
      await elapse(fx.clock, 60);
      expect(await fx.cache.increment('n', 5, 1000)).toBe(6);
      expect(await fx.cache.increment('n', -2)).toBe(4);
      expect(await fx.cache.increment('n')).toBe(5);
      const ttl = await fx.cache.ttl('n');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(950);
      expect(await fx.cache.get('n')).toBe('5');
    });

    it('increment without ttl creates a counter that never expires', async () => {
      expect(await fx.cache.increment('forever', 3)).toBe(3);
      expect(await fx.cache.ttl('forever')).toBeUndefined();
    });

    it('increment restarts a counter whose ttl ran out', async () => {
      await fx.cache.increment('window', 7, 100);
      await elapse(fx.clock, 150);
      expect(await fx.cache.increment('window', 1, 100)).toBe(1);
    });

    it('increment is atomic: 200 concurrent increments add up to 200', async () => {
      const values = await Promise.all(
        Array.from({ length: 200 }, () => fx.cache.increment('hits', 1, 10_000)),
      );
      expect(await fx.cache.get('hits')).toBe('200');
      expect(new Set(values).size).toBe(200);
      expect(Math.max(...values)).toBe(200);
    });

    it('increment rejects a value that is not an integer and leaves it unchanged', async () => {
      await fx.cache.set('text', 'abc');
      await expect(fx.cache.increment('text')).rejects.toThrow();
      expect(await fx.cache.get('text')).toBe('abc');
    });

    it('keeps keys of caches with different prefixes apart on a shared backend', async (ctx) => {
      if (!fx.sibling) return ctx.skip();
      const other = fx.sibling();
      await fx.cache.set('shared', 'mine');
      expect(await other.get('shared')).toBeUndefined();
      await other.set('shared', 'theirs');
      expect(await other.increment('count')).toBe(1);
      expect(await fx.cache.get('shared')).toBe('mine');
      expect(await fx.cache.get('count')).toBeUndefined();
      expect(await other.deleteIfEquals('shared', 'mine')).toBe(false);
      expect(await fx.cache.get('shared')).toBe('mine');
    });
  });
}
