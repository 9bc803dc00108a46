/** @module Redis Lock: a lease per key (SET NX PX with a random owner token), safe across processes. */
import type { Redis } from 'ioredis';
import type { Lock } from '../../kernel/ports/lock.types.js';
import { createLeaseLock, type LeaseStore } from '../memory/lease-lock.js';
import { compareAndDelete, compareAndExpire } from './lua-script.js';

export interface RedisLockOptions {
  /** Owned by the caller; `close()` leaves it open (see createRedisCache). */
  redis: Redis;
  /** Prepended to every lock key, e.g. `wegate:lock:`. */
  keyPrefix: string;
}

/**
 * A single-instance Redis lease lock. Release and extend check the owner token inside Lua, so a holder
 * whose lease already expired can never free or prolong the next holder's lease.
 */
export function createRedisLock(options: RedisLockOptions): Lock {
  const { redis, keyPrefix } = options;
  const store: LeaseStore = {
    async take(key, token, ttlMs) {
      return (await redis.set(keyPrefix + key, token, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async drop(key, token) {
      return Number(await compareAndDelete.run(redis, [keyPrefix + key], [token])) === 1;
    },
    async renew(key, token, ttlMs) {
      return Number(await compareAndExpire.run(redis, [keyPrefix + key], [token, ttlMs])) === 1;
    },
  };
  return createLeaseLock(store);
}
