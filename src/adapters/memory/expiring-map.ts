/** @module A Map whose entries expire by an injected clock, shared by the memory cache and lock. */
import type { Clock } from '../../kernel/ports/clock.types.js';

export interface ExpiringEntry<V> {
  value: V;
  expiresAt: number | undefined;
}

export interface ExpiringMap<V> {
  /** The entry while it has not expired; an expired one is dropped on the way. */
  live(key: string): ExpiringEntry<V> | undefined;
  /** Stores `value`; `absent` when the caller just saw no live entry (skips moving an old one). */
  write(key: string, value: V, ttlMs: number | undefined, absent?: boolean): ExpiringEntry<V>;
  delete(key: string): void;
  /** Drop every expired entry. */
  sweep(): void;
  size(): number;
  clear(): void;
}

/** Beyond `maxEntries`, expired entries go first, then the least recently written. */
export function createExpiringMap<V>(clock: Clock, maxEntries = Infinity): ExpiringMap<V> {
  const entries = new Map<string, ExpiringEntry<V>>();
  const isLive = (entry: ExpiringEntry<V>): boolean =>
    entry.expiresAt === undefined || entry.expiresAt > clock.now();
  const sweep = (): void => {
    const now = clock.now();
    for (const [key, entry] of entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) entries.delete(key);
    }
  };
  const oldest = createOldestCursor(entries);
  // A sweep visits every entry; one per write at capacity made each write O(maxEntries) (5 ms at
  // 100 000). Over capacity, sweep at most once per `sweepGap` writes; in between the oldest written go.
  const sweepGap = Math.max(1, Math.floor(maxEntries / 4));
  let writesSinceSweep = sweepGap;
  const evict = (): void => {
    if (writesSinceSweep >= sweepGap) {
      writesSinceSweep = 0;
      sweep();
    }
    while (entries.size > maxEntries && oldest.drop());
  };

  return {
    live(key) {
      const entry = entries.get(key);
      if (entry === undefined || isLive(entry)) return entry;
      entries.delete(key);
      return undefined;
    },
    write(key, value, ttlMs, absent = false) {
      const entry = { value, expiresAt: ttlMs === undefined ? undefined : clock.now() + ttlMs };
      // Re-inserting moves the key to the end of the Map, which is what makes eviction "oldest first".
      if (!absent) entries.delete(key);
      entries.set(key, entry);
      writesSinceSweep += 1;
      if (entries.size > maxEntries) evict();
      return entry;
    },
    delete: (key) => void entries.delete(key),
    sweep,
    size: () => entries.size,
    clear: () => {
      entries.clear();
      oldest.reset();
    },
  };
}

/**
 * Deletes the least recently written entry. write() re-inserts, so the Map's own order is the write
 * order; one long-lived iterator finds its front. A Map iterator keeps its place across writes and
 * deletions, so the holes deletions leave at the front are stepped over once, not on every eviction
 * (a fresh iterator walks all of them: about 10 µs a write at 100 000 entries). Everything before the
 * iterator has been deleted.
 */
function createOldestCursor(entries: Map<string, unknown>): { drop(): boolean; reset(): void } {
  let keys = entries.keys();
  return {
    drop() {
      let step = keys.next();
      // A spent iterator stays spent, even once entries are added after it.
      if (step.done === true) {
        keys = entries.keys();
        step = keys.next();
      }
      return step.done !== true && entries.delete(step.value);
    },
    reset() {
      keys = entries.keys();
    },
  };
}
