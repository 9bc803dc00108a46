import { describe, expect, it } from 'vitest';
import { createManualClock } from '../adapters/memory/manual-clock.js';
import { createMemoryRateLimiter } from '../adapters/memory/rate-limiter.js';
import { createSlicedRateLimiter, sliceCount } from './sliced-rate-limiter.js';

describe('sliceCount', () => {
  it('splits points and window exactly into at most 20 slots of at least 50 ms', () => {
    expect(sliceCount(200, 1000)).toBe(20);
    expect(sliceCount(600, 1000)).toBe(20);
    expect(sliceCount(45, 60_000)).toBe(15);
    expect(sliceCount(7, 1000)).toBe(1);
    expect(sliceCount(1, 1000)).toBe(1);
    expect(sliceCount(10, 100)).toBe(2);
  });
});

describe('createSlicedRateLimiter', () => {
  it('allows points/k per clock slot and never more than the limit in any second, however calls bunch up', async () => {
    const clock = createManualClock(1_000_000);
    const limiter = createSlicedRateLimiter(
      createMemoryRateLimiter,
      { points: 200, durationMs: 1000 },
      clock,
    );
    const grants: number[] = [];
    // 50 callers every 10 ms for 3 s: five times the limit.
    for (let t = 0; t < 3000; t += 10) {
      const results = await Promise.all(Array.from({ length: 50 }, () => limiter.consume('app:/send')));
      for (const r of results) if (r.allowed) grants.push(clock.now());
      clock.advance(10);
    }
    expect(grants).toHaveLength(600);
    for (let start = 1_000_000; start + 1000 <= 1_003_000; start += 10) {
      expect(grants.filter((g) => g >= start && g < start + 1000).length).toBeLessThanOrEqual(200);
    }
  });

  it('tells refused callers to come back in turn, spread over the following slots', async () => {
    const clock = createManualClock(1_000_020);
    const limiter = createSlicedRateLimiter(
      createMemoryRateLimiter,
      { points: 200, durationMs: 1000 },
      clock,
    );
    const results = await Promise.all(Array.from({ length: 40 }, () => limiter.consume('k')));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    const waits = results.filter((r) => !r.allowed).map((r) => r.msBeforeNext);
    expect(waits.slice(0, 10)).toEqual(Array(10).fill(30));
    expect(waits.slice(10, 20)).toEqual(Array(10).fill(80));
    expect(waits.slice(20)).toEqual(Array(10).fill(130));
  });

  it('keeps a limit that does not split evenly as one window', async () => {
    const limiter = createSlicedRateLimiter(createMemoryRateLimiter, { points: 7, durationMs: 1000 });
    const results = await Promise.all(Array.from({ length: 9 }, () => limiter.consume('k')));
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
  });
});
