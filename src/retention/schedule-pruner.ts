/**
 * @module The pruner as a repeating job on the durable queue: one job per time slot across instances
 * (the slot is its idempotency key) and one run at a time (under the lock).
 */
import { systemClock, type Clock, type Lock, type Queue, type Worker } from '../kernel/ports/index.js';
import type { Pruner, PruneReport } from './create-pruner.js';

export const RETENTION_JOB = 'wegate.retention';

export interface SchedulePrunerOptions {
  readonly queue: Queue;
  readonly lock: Lock;
  readonly pruner: Pruner;
  /** Time between runs (default 10 min). */
  readonly intervalMs?: number;
  readonly clock?: Clock;
  readonly onReport?: (report: PruneReport) => void;
  /** A run that failed (the store went away mid-run, say). */
  readonly onError?: (error: unknown) => void;
}

const DEFAULT_INTERVAL_MS = 10 * 60_000;
/** Longer than any bounded run (maxBatches × a short statement per table). */
const LOCK_TTL_MS = 10 * 60_000;

/** Starts the worker and enqueues the current slot's run; close() the worker on shutdown. */
export async function schedulePruner(options: SchedulePrunerOptions): Promise<Worker> {
  const intervalMs = Math.max(1_000, options.intervalMs ?? DEFAULT_INTERVAL_MS);
  const clock = options.clock ?? systemClock;
  const enqueueSlot = async (slot: number, delayMs: number) => {
    await options.queue.enqueue(
      RETENTION_JOB,
      { slot },
      { idempotencyKey: `${RETENTION_JOB}:${slot}`, delayMs, attempts: 3 },
    );
  };
  const worker = options.queue.process<{ slot: number }>(RETENTION_JOB, async (job) => {
    // A failed run is not retried: the next slot's run picks up where it stopped.
    await runUnderLock(options).catch((error: unknown) => options.onError?.(error));
    const next = Math.max(job.data.slot + 1, Math.floor(clock.now() / intervalMs) + 1);
    await enqueueSlot(next, Math.max(0, next * intervalMs - clock.now()));
  });
  await enqueueSlot(Math.floor(clock.now() / intervalMs), 0);
  return worker;
}

/** A run still going elsewhere (a slow store, a late slot) holds the lease: this slot skips. */
async function runUnderLock(options: SchedulePrunerOptions): Promise<void> {
  const lease = await options.lock.acquire(RETENTION_JOB, LOCK_TTL_MS);
  if (!lease) return;
  try {
    const report = await options.pruner.runOnce();
    options.onReport?.(report);
  } finally {
    await lease.release();
  }
}
