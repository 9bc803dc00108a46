/** @module Validation of TTL arguments shared by the cache and lock adapters. */

/**
 * Normalises an optional TTL to whole milliseconds; undefined stays undefined (no expiry).
 * Redis rejects `PX 0` and fractions, so every adapter refuses them the same way.
 */
export function normalizeTtlMs(ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`ttlMs must be a positive number of milliseconds, got ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}

/** Like normalizeTtlMs but the TTL is mandatory (locks always have a lease). */
export function requireTtlMs(ttlMs: number): number {
  return normalizeTtlMs(ttlMs) as number;
}
