/** @module The acquire/retry/lease logic shared by every Lock adapter; adapters supply the atomic steps. */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AcquireOptions, Lock, LockHandle } from '../../kernel/ports/lock.types.js';
import { requireTtlMs } from './ttl-ms.js';

/** The three atomic operations a backend must offer; each compares the owner token itself. */
export interface LeaseStore {
  /** Take `key` for `token` when nobody holds it; true when taken. */
  take(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Drop `key` only while `token` holds it. */
  drop(key: string, token: string): Promise<boolean>;
  /** Reset the lease to `ttlMs` only while `token` holds it. */
  renew(key: string, token: string, ttlMs: number): Promise<boolean>;
}

export const DEFAULT_RETRY_DELAY_MS = 50;

function createHandle(store: LeaseStore, key: string, token: string): LockHandle {
  let released = false;
  return {
    key,
    async extend(ttlMs) {
      if (released) return false;
      return store.renew(key, token, requireTtlMs(ttlMs));
    },
    async release() {
      if (released) return;
      released = true;
      await store.drop(key, token);
    },
  };
}

/**
 * Builds a Lock over `store`. Waiting uses real time even when the store runs on an injected clock:
 * the retry pause is a real sleep, so its deadline must be real too.
 */
export function createLeaseLock(store: LeaseStore, close: () => Promise<void> = async () => {}): Lock {
  return {
    async acquire(key: string, ttlMs: number, options: AcquireOptions = {}) {
      const ttl = requireTtlMs(ttlMs);
      const retryDelayMs = Math.max(1, options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS);
      const deadline = performance.now() + Math.max(0, options.waitMs ?? 0);
      const token = randomBytes(16).toString('base64url');
      for (;;) {
        if (await store.take(key, token, ttl)) return createHandle(store, key, token);
        const remaining = deadline - performance.now();
        if (remaining <= 0) return undefined;
        // Jitter spreads the waiters out so they do not all hit the backend on the same tick.
        const pause = retryDelayMs + Math.random() * retryDelayMs * 0.5;
        await sleep(Math.min(pause, remaining));
      }
    },
    close,
  };
}
