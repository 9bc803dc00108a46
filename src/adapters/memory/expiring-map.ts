/** @module A Map whose entries expire by an injected clock, shared by the memory cache and lock. */
import type { Clock } from '../../kernel/ports/clock.types.js';

export interface ExpiringEntry<V> {
  value: V;
  expiresAt: number | undefined;
}

export interface ExpiringMap<V> {
  /** The entry while it has not expired; an expired one is dropped on the way. */
  live(key: string): ExpiringEntry<V> | undefined;
  write(key: string, value: V, ttlMs: number | undefined): ExpiringEntry<V>;
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
    for (const [key, entry] of entries) if (!isLive(entry)) entries.delete(key);
  };
  // Write order kept beside the Map: asking a Map for its oldest key walks past the holes that
  // deletions leave at its front (about 10 µs a write at 100 000 entries). Slots whose entry was since
  // rewritten or deleted are stale and skipped.
  const order = createWriteOrder(entries);
  // A sweep visits every entry; one per write at capacity made each write O(maxEntries) (5 ms at
  // 100 000). Over capacity, sweep at most once per `sweepGap` writes; in between the oldest written go.
  const sweepGap = Math.max(1, Math.floor(maxEntries / 4));
  let writesSinceSweep = sweepGap;
  const evict = (): void => {
    if (writesSinceSweep >= sweepGap) {
      writesSinceSweep = 0;
      sweep();
    }
    while (entries.size > maxEntries && order.dropOldest());
  };

  return {
    live(key) {
      const entry = entries.get(key);
      if (entry === undefined || isLive(entry)) return entry;
      entries.delete(key);
      return undefined;
    },
    write(key, value, ttlMs) {
      const entry = { value, expiresAt: ttlMs === undefined ? undefined : clock.now() + ttlMs };
      // Re-inserting moves the key to the end of the Map, which is what makes eviction "oldest first".
      entries.delete(key);
      entries.set(key, entry);
      order.push(key, entry);
      writesSinceSweep += 1;
      if (entries.size > maxEntries) evict();
      return entry;
    },
    delete: (key) => void entries.delete(key),
    sweep,
    size: () => entries.size,
    clear: () => {
      entries.clear();
      order.clear();
    },
  };
}

interface WriteOrder<V> {
  push(key: string, entry: ExpiringEntry<V>): void;
  /** Deletes the oldest written entry still in `entries`; false when none is left to delete. */
  dropOldest(): boolean;
  clear(): void;
}

function createWriteOrder<V>(entries: Map<string, ExpiringEntry<V>>): WriteOrder<V> {
  let keys: string[] = [];
  let refs: ExpiringEntry<V>[] = [];
  let head = 0;
  const current = (i: number): boolean => entries.get(keys[i] as string) === refs[i];
  const compact = (): void => {
    const nextKeys: string[] = [];
    const nextRefs: ExpiringEntry<V>[] = [];
    for (let i = head; i < keys.length; i++) {
      if (!current(i)) continue;
      nextKeys.push(keys[i] as string);
      nextRefs.push(refs[i] as ExpiringEntry<V>);
    }
    keys = nextKeys;
    refs = nextRefs;
    head = 0;
  };
  return {
    push(key, entry) {
      keys.push(key);
      refs.push(entry);
      // Rewrites and deletions leave stale slots; drop them once they outnumber the live entries.
      if (keys.length - head > 2 * entries.size + 1024) compact();
    },
    dropOldest() {
      let dropped = false;
      while (!dropped && head < keys.length) {
        const i = head;
        head += 1;
        dropped = current(i) && entries.delete(keys[i] as string);
      }
      if (head > 1024 && head * 2 > keys.length) compact();
      return dropped;
    },
    clear() {
      keys = [];
      refs = [];
      head = 0;
    },
  };
}
