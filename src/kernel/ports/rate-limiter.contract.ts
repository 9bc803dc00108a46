/** @module The behaviour every RateLimiter adapter must show; each adapter's test file runs this suite. */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimiter, RateLimitOptions } from './rate-limiter.types.js';

export interface RateLimiterFixture {
  limiter: RateLimiter;
  cleanup(): Promise<void>;
}

export interface RateLimiterTraits {
  /** Limiters made with the same prefix count together (true for Redis, false in-process). */
  sharedBackend: boolean;
}

/** `make` builds a limiter with these options; several may be made within one test. */
export function describeRateLimiterContract(
  name: string,
  make: (options: RateLimitOptions) => Promise<RateLimiterFixture>,
  traits: RateLimiterTraits,
): void {
  // One second: the shortest window every backend supports (Redis expires limiter keys in seconds).
  const durationMs = 1000;

  describe(`RateLimiter contract: ${name}`, () => {
    const fixtures: RateLimiterFixture[] = [];
    const limiter = async (points: number, keyPrefix = 'rl'): Promise<RateLimiter> => {
      const fx = await make({ points, durationMs, keyPrefix });
      fixtures.push(fx);
      return fx.limiter;
    };
    afterEach(async () => {
      await Promise.all(fixtures.splice(0).map((fx) => fx.cleanup()));
    });

    it('allows exactly `points` per window, then refuses with the wait until the window ends', async () => {
      const rl = await limiter(3);
      const allowed = [await rl.consume('app'), await rl.consume('app'), await rl.consume('app')];
      expect(allowed.map((r) => [r.allowed, r.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
      ]);
      const refused = await rl.consume('app');
      expect(refused.allowed).toBe(false);
      expect(refused.remaining).toBe(0);
      expect(refused.msBeforeNext).toBeGreaterThan(0);
      expect(refused.msBeforeNext).toBeLessThanOrEqual(durationMs);
      expect(allowed.map((r) => r.excess)).toEqual([0, 0, 0]);
      expect([refused.excess, (await rl.consume('app')).excess]).toEqual([1, 2]);
    });

    it('allows again once the window has passed', async () => {
      const rl = await limiter(1);
      expect((await rl.consume('app')).allowed).toBe(true);
      const refused = await rl.consume('app');
      expect(refused.allowed).toBe(false);
      await sleep(refused.msBeforeNext + 50);
      expect((await rl.consume('app')).allowed).toBe(true);
    });

    it('allows exactly `points` of 30 concurrent consumers', async () => {
      const rl = await limiter(7);
      const results = await Promise.all(Array.from({ length: 30 }, () => rl.consume('burst')));
      expect(results.filter((r) => r.allowed)).toHaveLength(7);
    });

    it('counts weighted consumes and refuses one that would overdraw the window', async () => {
      const rl = await limiter(5);
      expect(await rl.consume('w', 3)).toMatchObject({ allowed: true, remaining: 2 });
      expect((await rl.consume('w', 3)).allowed).toBe(false);
    });

    it('counts each key separately', async () => {
      const rl = await limiter(1);
      expect((await rl.consume('a')).allowed).toBe(true);
      expect((await rl.consume('a')).allowed).toBe(false);
      expect((await rl.consume('b')).allowed).toBe(true);
    });

    it('keeps limiters with different key prefixes apart', async () => {
      const first = await limiter(1, 'rl-one');
      const second = await limiter(1, 'rl-two');
      expect((await first.consume('same')).allowed).toBe(true);
      expect((await second.consume('same')).allowed).toBe(true);
      expect((await first.consume('same')).allowed).toBe(false);
    });

    it.runIf(traits.sharedBackend)('shares counts between limiters with the same prefix', async () => {
      const first = await limiter(2, 'rl-shared');
      const second = await limiter(2, 'rl-shared');
      await first.consume('k');
      await second.consume('k');
      expect((await first.consume('k')).allowed).toBe(false);
    });
  });
}
