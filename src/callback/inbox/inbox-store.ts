/**
 * @module The inbox's port: the four calls it claims pushes and keeps replies with. A store held in this
 * process answers at once (memory-inbox-store.ts); one over a network answers with promises
 * (`T | Promise<T>`, as undici's CacheStore does), and the inbox awaits only what is a promise.
 */
import type { Cache } from '../../kernel/ports/index.js';

/** A value now, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** String values with a TTL, keyed by string; every value the inbox writes expires. */
export interface InboxStore {
  get(key: string): MaybePromise<string | undefined>;
  set(key: string, value: string, ttlMs: number): MaybePromise<void>;
  /** Stores only when the key is absent; true when stored (SET NX). */
  setIfAbsent(key: string, value: string, ttlMs: number): MaybePromise<boolean>;
  /** Deletes only while the key still holds `expected`; true when deleted. */
  deleteIfEquals(key: string, expected: string): MaybePromise<boolean>;
}

/** True for a promise (any thenable): the one check between a store's two ways of answering. */
export function isPending<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof value === 'object' && value !== null && typeof (value as Promise<T>).then === 'function';
}

/** The store over any Cache (Redis for several instances): the Cache's own calls, each a promise. */
export function createCacheInboxStore(cache: Cache): InboxStore {
  return {
    get: (key) => cache.get(key),
    set: (key, value, ttlMs) => cache.set(key, value, ttlMs),
    setIfAbsent: (key, value, ttlMs) => cache.setIfAbsent(key, value, ttlMs),
    deleteIfEquals: (key, expected) => cache.deleteIfEquals(key, expected),
  };
}
