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
