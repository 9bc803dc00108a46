import { describe, expect, it } from 'vitest';
import { describeCacheContract } from '../../kernel/ports/cache.contract.js';
import { createMemoryCache } from './cache.js';
import { createManualClock } from './manual-clock.js';

describeCacheContract('memory', async () => {
  const clock = createManualClock();
  const cache = createMemoryCache({ clock });
  return { cache, clock, cleanup: () => cache.close() };
});

describe('createMemoryCache', () => {
  it('evicts expired entries first, then the least recently written, beyond maxEntries', async () => {
    const clock = createManualClock();
    const cache = createMemoryCache({ clock, maxEntries: 3 });
    await cache.set('expiring', 'x', 10);
    await cache.set('old', '1');
    await cache.set('mid', '2');
    clock.advance(20);
    await cache.set('new', '3');
    expect(await cache.get('old')).toBe('1');
    await cache.set('old', '1b');
    await cache.set('newest', '4');
    expect(await cache.get('mid')).toBeUndefined();
    expect(await cache.get('old')).toBe('1b');
    expect(await cache.get('new')).toBe('3');
    expect(await cache.get('newest')).toBe('4');
    await cache.close();
  });

  it('does not rescan the whole map on every write once full, and still drops the oldest', async () => {
    const manual = createManualClock();
    let reads = 0;
    const clock = { now: () => ((reads += 1), manual.now()) };
    const cache = createMemoryCache({ clock, maxEntries: 1000 });
    for (let i = 0; i < 1000; i++) await cache.set(`k${i}`, 'v', 60_000);
    reads = 0;
    for (let i = 1000; i < 1500; i++) await cache.set(`k${i}`, 'v', 60_000);
    // A sweep per write would read the clock once per entry: 500 × 1000 times.
    expect(reads).toBeLessThan(20_000);
    expect(cache.size()).toBe(1000);
    expect(await cache.get('k499')).toBeUndefined();
    expect(await cache.get('k500')).toBe('v');
    expect(await cache.get('k1499')).toBe('v');
    await cache.close();
  });

  it('evicts by last write after rewrites and deletions, through many evictions', async () => {
    const cache = createMemoryCache({ maxEntries: 3 });
    await cache.set('a', '1');
    await cache.set('b', '2');
    await cache.set('c', '3');
    await cache.set('a', '1b');
    await cache.delete('b');
    await cache.set('d', '4');
    await cache.set('e', '5');
    expect(await cache.get('c')).toBeUndefined();
    expect([await cache.get('a'), await cache.get('d'), await cache.get('e')]).toEqual(['1b', '4', '5']);
    for (let i = 0; i < 5000; i++) await cache.set(i % 2 === 0 ? 'a' : `k${i}`, String(i));
    expect(cache.size()).toBe(3);
    expect([await cache.get('a'), await cache.get('k4997'), await cache.get('k4999')]).toEqual([
      '4998',
      '4997',
      '4999',
    ]);
    await cache.close();
  });

  it('finds the oldest entry past a long run of deleted ones, and again after close and refill', async () => {
    const cache = createMemoryCache({ maxEntries: 1000 });
    for (let i = 0; i < 1000; i++) await cache.set(`k${i}`, String(i));
    for (let i = 0; i < 900; i++) await cache.delete(`k${i}`);
    for (let i = 1000; i < 1950; i++) await cache.set(`k${i}`, String(i));
    expect(cache.size()).toBe(1000);
    expect(await cache.get('k949')).toBeUndefined();
    expect(await cache.get('k950')).toBe('950');
    expect(await cache.get('k1949')).toBe('1949');
    await cache.close();
    for (let i = 0; i < 1001; i++) await cache.set(`n${i}`, String(i));
    expect(cache.size()).toBe(1000);
    expect(await cache.get('n0')).toBeUndefined();
    expect(await cache.get('n1')).toBe('1');
  });

  it('sweeps expired entries on its timer even if they are never read again', async () => {
    const clock = createManualClock();
    const cache = createMemoryCache({ clock, sweepIntervalMs: 10 });
    await cache.set('a', '1', 5);
    await cache.set('b', '2', 5);
    await cache.set('c', '3');
    clock.advance(10);
    expect(cache.size()).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(cache.size()).toBe(1);
    await cache.close();
  });
});
