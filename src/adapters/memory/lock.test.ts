import { describe, expect, it } from 'vitest';
import { describeLockContract } from '../../kernel/ports/lock.contract.js';
import { createMemoryLock } from './lock.js';
import { createManualClock } from './manual-clock.js';

describeLockContract('memory', async () => {
  const clock = createManualClock();
  const lock = createMemoryLock({ clock });
  return { lock, clock, cleanup: () => lock.close() };
});

describe('createMemoryLock', () => {
  it('rejects a lease without a positive ttl', async () => {
    const lock = createMemoryLock();
    await expect(lock.acquire('k', 0)).rejects.toThrow(RangeError);
    expect(await lock.acquire('k', 100)).toBeDefined();
  });
});
