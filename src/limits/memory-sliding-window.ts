/** @module createMemorySlidingWindow: exact sliding logs in this process (sandbox, one instance). */
import type { SlidingWindowStore, WindowCount, WindowHit } from './limits.types.js';

// Keys whose newest hit left its window are dropped on this schedule, so idle callers cost nothing.
const SWEEP_EVERY_MS = 60_000;

/** Each key keeps the times of its hits in the window, oldest first. */
export function createMemorySlidingWindow(options: { now?: () => number } = {}): SlidingWindowStore {
  const now = options.now ?? Date.now;
  const logs = new Map<string, { times: number[]; windowMs: number }>();
  let lastSweep = now();
  const sweep = (at: number) => {
    lastSweep = at;
    for (const [key, log] of logs) if ((log.times.at(-1) ?? 0) <= at - log.windowMs) logs.delete(key);
  };
  return {
    async hit(windows: readonly WindowHit[]): Promise<WindowCount[]> {
      const at = now();
      if (at - lastSweep > SWEEP_EVERY_MS) sweep(at);
      const counted = windows.map((w) => {
        const log = logs.get(w.key) ?? { times: [], windowMs: w.windowMs };
        log.windowMs = w.windowMs;
        const from = log.times.findIndex((t) => t > at - w.windowMs);
        log.times = from < 0 ? [] : from > 0 ? log.times.slice(from) : log.times;
        logs.set(w.key, log);
        return { w, log, room: log.times.length < w.max };
      });
      const allowed = counted.every((c) => c.room);
      return counted.map(({ w, log, room }) => {
        if (allowed) log.times.push(at);
        const oldest = log.times[0] ?? at;
        return {
          allowed: room,
          remaining: Math.max(0, w.max - log.times.length),
          resetMs: Math.max(0, oldest + w.windowMs - at),
        };
      });
    },
  };
}
