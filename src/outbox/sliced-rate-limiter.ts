/** @module createSlicedRateLimiter: a per-window limit spread evenly over the window, for every process sharing it. */
import { systemClock, type Clock, type RateLimiter, type RateLimitOptions } from '../kernel/ports/index.js';

const MAX_SLICES = 20;
const MIN_SLICE_MS = 50;

/** The most equal slices (≤ 20, each ≥ 50 ms) that split both the points and the window exactly. */
export function sliceCount(points: number, durationMs: number): number {
  for (let k = Math.min(MAX_SLICES, points); k > 1; k -= 1) {
    if (points % k === 0 && durationMs % k === 0 && durationMs / k >= MIN_SLICE_MS) return k;
  }
  return 1;
}

/**
 * `points` per `durationMs` as `points/k` per slot of `durationMs/k`, slots cut from the wall clock so
 * every process counts the same slot (one limiter key per slot). A fixed window alone lets a whole
 * window's points go at its end and the next window's at its start: twice the rate over any second
 * that straddles them; slots bound that excess to one slot's points.
 * A refused call's `msBeforeNext` is the wait until its turn: the callers refused in one slot are
 * spread over the following slots in the order they came, instead of all coming back at once.
 */
export function createSlicedRateLimiter(
  make: (options: RateLimitOptions) => RateLimiter,
  options: RateLimitOptions,
  clock: Clock = systemClock,
): RateLimiter {
  const slices = sliceCount(options.points, options.durationMs);
  if (slices === 1) return make(options);
  const sliceMs = options.durationMs / slices;
  const slicePoints = options.points / slices;
  // Each slot has its own key, so the inner window only has to outlive the slot (Redis: whole seconds).
  const inner = make({ ...options, points: slicePoints, durationMs: Math.ceil(sliceMs / 1000) * 1000 });
  return {
    async consume(key, points = 1) {
      const now = clock.now();
      const slot = Math.floor(now / sliceMs);
      const result = await inner.consume(`${key}:${slot}`, points);
      if (result.allowed) return result;
      const turn = Math.floor(Math.max(0, result.excess - 1) / slicePoints);
      return { ...result, msBeforeNext: (slot + 1 + turn) * sliceMs - now };
    },
  };
}
