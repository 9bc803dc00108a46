/** @module A Cache whose first compare-and-delete waits until released: an invalidation caught half-way. */
import type { Cache } from '../../src/kernel/ports/cache.types.js';

export interface GatedCache {
  readonly cache: Cache;
  /** Resolves when the first deleteIfEquals has started (and is now held). */
  readonly reached: Promise<void>;
  /** Lets the held deleteIfEquals go on. */
  release(): void;
}

export function gateFirstDelete(cache: Cache): GatedCache {
  let release!: () => void;
  let reached!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  const hit = new Promise<void>((resolve) => (reached = resolve));
  let first = true;
  return {
    cache: {
      ...cache,
      async deleteIfEquals(key, expected) {
        if (first) {
          first = false;
          reached();
          await opened;
        }
        return cache.deleteIfEquals(key, expected);
      },
    },
    reached: hit,
    release,
  };
}
