/** @module The reconciler as a repeating delayed job: each run enqueues the next, once per time slot. */
import { systemClock, type Clock, type Queue, type Worker } from '../../kernel/ports/index.js';
import type { Reconciler, ReconcileReport } from './create-reconciler.js';

export const RECONCILE_JOB = 'pay.reconcile';

export interface ScheduleReconcilerOptions {
  readonly queue: Queue;
  readonly reconciler: Reconciler;
  /** Time between runs (default 5 min). */
  readonly intervalMs?: number;
  readonly clock?: Clock;
  readonly onReport?: (report: ReconcileReport) => void;
}

/**
 * Starts the worker and enqueues the first run. The idempotency key is the time slot, so several
 * instances scheduling the same slot enqueue one job, and a run that crashed is retried by the queue.
 */
export async function scheduleReconciler(options: ScheduleReconcilerOptions): Promise<Worker> {
  const intervalMs = options.intervalMs ?? 5 * 60_000;
  const clock = options.clock ?? systemClock;
  const enqueueSlot = async (slot: number, delayMs: number) => {
    await options.queue.enqueue(
      RECONCILE_JOB,
      { slot },
      { idempotencyKey: `${RECONCILE_JOB}:${slot}`, delayMs, attempts: 3 },
    );
  };
  const worker = options.queue.process<{ slot: number }>(RECONCILE_JOB, async (job) => {
    const report = await options.reconciler.runOnce();
    options.onReport?.(report);
    const next = Math.max(job.data.slot + 1, Math.floor(clock.now() / intervalMs) + 1);
    await enqueueSlot(next, Math.max(0, next * intervalMs - clock.now()));
  });
  await enqueueSlot(Math.floor(clock.now() / intervalMs), 0);
  return worker;
}
