/** A string key/value cache with TTLs (memory in sandbox, Redis when `REDIS_URL` is set). */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  /** Store `value`; `ttlMs` omitted = no expiry. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Store only when the key is absent; true when stored (SET NX). */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Delete only while the key still holds `expected`; true when deleted (compare-and-delete). */
  deleteIfEquals(key: string, expected: string): Promise<boolean>;
  /** Atomically add `by` to an integer counter, creating it with `ttlMs` when absent; returns the new value. */
  increment(key: string, by?: number, ttlMs?: number): Promise<number>;
  /** Remaining time to live in ms, undefined when absent or without expiry. */
  ttl(key: string): Promise<number | undefined>;
  close(): Promise<void>;
}
