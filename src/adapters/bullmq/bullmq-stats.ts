/** @module BullMQ queues read and tidied for operations: counts, the oldest waiting job's age, pruning. */
import type { Queue as BullQueue } from 'bullmq';
import type { QueueStats } from '../../kernel/ports/queue.types.js';

/** stats(), ping() and prune() over the queue names this process knows. */
export function bullmqStats(known: () => ReadonlySet<string>, queueFor: (name: string) => BullQueue) {
  return {
    async prune(state: 'completed' | 'dead', olderThanMs: number, limit: number): Promise<number> {
      // One bounded script per name: BullMQ's clean runs in Redis, which serves no one else meanwhile.
      const type = state === 'dead' ? 'failed' : 'completed';
      const names = [...known()];
      const removed = await Promise.all(names.map((n) => queueFor(n).clean(olderThanMs, limit, type)));
      return removed.reduce((sum, ids) => sum + ids.length, 0);
    },
    stats: (): Promise<QueueStats[]> =>
      Promise.all([...known()].sort().map((n) => readBullmqStats(n, queueFor(n), Date.now()))),
    async ping(): Promise<void> {
      const [name = 'wegate.health'] = known();
      // A real round trip over the queue's own connection.
      await queueFor(name).getJobCounts('wait');
    },
  };
}

/**
 * Two round trips whatever the queue's size: getJobCounts, then the oldest job of the wait list (BullMQ
 * pushes new jobs on its left and workers take from its right). A job is due from its delay's end, or
 * from its last run for a retry waiting again, whichever is later.
 */
export async function readBullmqStats(name: string, queue: BullQueue, now: number): Promise<QueueStats> {
  const counts = await queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed');
  const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
  const dueSince =
    oldest === undefined
      ? now
      : Math.max(oldest.timestamp + (oldest.opts.delay ?? 0), oldest.processedOn ?? 0);
  return {
    name,
    waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    dead: counts.failed ?? 0,
    oldestWaitingMs: Math.max(0, now - dueSince),
  };
}
