/** @module Tracks whether the shared cache is reachable, logging once per outage rather than per call. */
import type { KernelLogger } from '../http/api-client.types.js';

/** A cache or lock call failed: the backend (Redis) is unreachable, not the credential. */
export class CacheDownError extends Error {
  constructor(cause: unknown) {
    super('shared cache unavailable', { cause });
    this.name = 'CacheDownError';
  }
}

export interface CacheOutage {
  readonly active: boolean;
  /** The earliest time this process may fetch without the cache again. */
  nextFetchAt: number;
  down(error: unknown): void;
  up(): void;
  /** Runs a cache/lock call; a failure marks the outage and is rethrown as CacheDownError. */
  guard<T>(op: () => Promise<T>): Promise<T>;
}

export function createCacheOutage(
  logger: KernelLogger | undefined,
  context: Record<string, string>,
): CacheOutage {
  let active = false;
  const outage: CacheOutage = {
    get active() {
      return active;
    },
    nextFetchAt: 0,
    down(error) {
      if (active) return;
      active = true;
      logger?.warn(
        { ...context, err: error instanceof Error ? error.message : String(error) },
        'credential cache unavailable',
      );
    },
    up() {
      if (!active) return;
      active = false;
      outage.nextFetchAt = 0;
      logger?.info(context, 'credential cache available again');
    },
    async guard(op) {
      try {
        const value = await op();
        outage.up();
        return value;
      } catch (error) {
        outage.down(error);
        throw new CacheDownError(error);
      }
    },
  };
  return outage;
}
