import { describe, expect, it } from 'vitest';
import { describeRateLimiterContract } from '../../kernel/ports/rate-limiter.contract.js';
import { createMemoryRateLimiter } from './rate-limiter.js';

describeRateLimiterContract(
  'memory',
  async (options) => ({ limiter: createMemoryRateLimiter(options), cleanup: async () => {} }),
  { sharedBackend: false },
);

describe('createMemoryRateLimiter', () => {
  it('supports sub-second windows', async () => {
    const limiter = createMemoryRateLimiter({ points: 1, durationMs: 50 });
    expect((await limiter.consume('k')).allowed).toBe(true);
    const refused = await limiter.consume('k');
    expect(refused.allowed).toBe(false);
    expect(refused.msBeforeNext).toBeLessThanOrEqual(50);
    await new Promise((resolve) => setTimeout(resolve, 70));
    expect((await limiter.consume('k')).allowed).toBe(true);
  });

  it('refuses options without points or window', () => {
    expect(() => createMemoryRateLimiter({ points: 0, durationMs: 1000 })).toThrow(RangeError);
    expect(() => createMemoryRateLimiter({ points: 1, durationMs: 0 })).toThrow(RangeError);
  });
});
