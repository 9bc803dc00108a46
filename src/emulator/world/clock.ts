/** @module The emulator's clock: real time plus an offset the control API can move. */

export interface TimeSource {
  now(): number;
}

export interface EmulatorClock extends TimeSource {
  /** The time the offset is added to (wall time): what wire timestamps carry, as WeChat's servers stamp them. */
  wallNow(): number;
  /** Move emulator time forward (or back, when negative) by `ms`. */
  advance(ms: number): void;
  /** Jump to the absolute emulator time `ms` (epoch milliseconds). */
  set(ms: number): void;
  offsetMs(): number;
  reset(): void;
}

export function createEmulatorClock(base: TimeSource = { now: () => Date.now() }): EmulatorClock {
  let offset = 0;
  return {
    now: () => base.now() + offset,
    wallNow: () => base.now(),
    advance: (ms) => {
      offset += ms;
    },
    set: (ms) => {
      offset = ms - base.now();
    },
    offsetMs: () => offset,
    reset: () => {
      offset = 0;
    },
  };
}

const DAY_MS = 86_400_000;
// WeChat's daily quotas roll over at midnight Beijing time (UTC+8, no DST), i.e. 16:00 UTC.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar day number of `ms`; changes at 16:00 UTC. */
export function shanghaiDay(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of the next Asia/Shanghai midnight after `ms`. */
export function nextShanghaiMidnight(ms: number): number {
  return (shanghaiDay(ms) + 1) * DAY_MS - SHANGHAI_OFFSET_MS;
}
