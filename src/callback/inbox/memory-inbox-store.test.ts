import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../adapters/memory/index.js';
import { createMemoryInboxStore } from './memory-inbox-store.js';

describe('createMemoryInboxStore', () => {
  it('answers at once: claims, reads, compares and deletes on the same entries', () => {
    const store = createMemoryInboxStore();
    expect(store.setIfAbsent('k', 'r:1', 1000)).toBe(true);
    expect(store.setIfAbsent('k', 'r:2', 1000)).toBe(false);
    expect(store.get('k')).toBe('r:1');
    expect(store.deleteIfEquals('k', 'r:2')).toBe(false);
    expect(store.deleteIfEquals('k', 'r:1')).toBe(true);
    expect(store.get('k')).toBeUndefined();
    store.set('k', 'd:"success"', 1000);
    expect(store.get('k')).toBe('d:"success"');
    store.close();
  });

  it('forgets an entry once its TTL has passed, so the key can be claimed again', () => {
    const clock = createManualClock();
    const store = createMemoryInboxStore({ clock });
    store.set('k', 'r:1', 100);
    clock.advance(99);
    expect(store.get('k')).toBe('r:1');
    clock.advance(1);
    expect(store.get('k')).toBeUndefined();
    expect(store.setIfAbsent('k', 'r:2', 50)).toBe(true);
    expect(store.deleteIfEquals('k', 'r:2')).toBe(true);
    store.close();
  });

  it('evicts the oldest written past its capacity, expired entries first', () => {
    const clock = createManualClock();
    const store = createMemoryInboxStore({ clock, maxEntries: 3 });
    store.set('short', 'x', 10);
    store.set('a', '1', 1000);
    store.set('b', '2', 1000);
    clock.advance(20);
    store.set('c', '3', 1000);
    expect(store.get('short')).toBeUndefined();
    expect([store.get('a'), store.get('b'), store.get('c')]).toEqual(['1', '2', '3']);
    // Rewriting `a` makes `b` the oldest.
    store.set('a', '1+', 1000);
    store.set('d', '4', 1000);
    expect(store.size()).toBe(3);
    expect(store.get('b')).toBeUndefined();
    expect([store.get('a'), store.get('c'), store.get('d')]).toEqual(['1+', '3', '4']);
    store.close();
  });

  it('sweeps expired entries on its timer even if they are never read again', async () => {
    const clock = createManualClock();
    const store = createMemoryInboxStore({ clock, sweepIntervalMs: 10 });
    store.set('a', '1', 5);
    store.set('b', '2', 500);
    clock.advance(10);
    expect(store.size()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(store.size()).toBe(1);
    store.close();
  });
});
