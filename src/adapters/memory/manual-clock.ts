/** @module A Clock that only moves when told to, for tests and the emulator's time travel. */
import type { Clock } from '../../kernel/ports/clock.types.js';

export interface ManualClock extends Clock {
  /** Move time forward by `ms`. */
  advance(ms: number): void;
  /** Jump to an absolute epoch time in ms. */
  set(epochMs: number): void;
}

/** A clock starting at `startMs` (default: now) that advances only through `advance`/`set`. */
export function createManualClock(startMs: number = Date.now()): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(epochMs) {
      current = epochMs;
    },
  };
}
