/** @module The inbox store over any Cache (Redis for several instances): every call answers a promise. */
import type { Cache } from '../../kernel/ports/index.js';
import type { InboxStore } from './inbox-store.types.js';

/** The Cache's own calls, unchanged: retries of a push dedupe wherever the cache is shared. */
export function createCacheInboxStore(cache: Cache): InboxStore {
  return {
    get: (key) => cache.get(key),
    set: (key, value, ttlMs) => cache.set(key, value, ttlMs),
    setIfAbsent: (key, value, ttlMs) => cache.setIfAbsent(key, value, ttlMs),
    deleteIfEquals: (key, expected) => cache.deleteIfEquals(key, expected),
  };
}
