/** @module In-process Lock: leases in a Map, expiring by the (injectable) clock. */
import type { Lock } from '../../kernel/ports/lock.types.js';
import { systemClock, type Clock } from '../../kernel/ports/clock.types.js';
import { createExpiringMap } from './expiring-map.js';
import { createLeaseLock, type LeaseStore } from './lease-lock.js';

export interface MemoryLockOptions {
  clock?: Clock;
}

const SWEEP_EVERY = 1000;

/** Mutual exclusion within this process, with the same lease semantics as the Redis lock. */
export function createMemoryLock(options: MemoryLockOptions = {}): Lock {
  const clock = options.clock ?? systemClock;
  // No size bound: evicting a live lease would break exclusivity. Leases that expire unreleased are
  // swept every SWEEP_EVERY acquisitions instead.
  const leases = createExpiringMap<string>(clock);
  let takes = 0;

  const store: LeaseStore = {
    async take(key, token, ttlMs) {
      takes += 1;
      if (takes % SWEEP_EVERY === 0) leases.sweep();
      if (leases.live(key) !== undefined) return false;
      leases.write(key, token, ttlMs);
      return true;
    },
    async drop(key, token) {
      if (leases.live(key)?.value !== token) return false;
      leases.delete(key);
      return true;
    },
    async renew(key, token, ttlMs) {
      const lease = leases.live(key);
      if (lease?.value !== token) return false;
      lease.expiresAt = clock.now() + ttlMs;
      return true;
    },
  };

  return createLeaseLock(store, async () => leases.clear());
}
