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
      if (entries.size > maxEntries) sweep();
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
      return entry;
    },
    delete: (key) => void entries.delete(key),
    sweep,
    size: () => entries.size,
    clear: () => entries.clear(),
  };
}
