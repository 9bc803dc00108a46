import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLock } from '../adapters/memory/index.js';
import { createSqlQueue, type SqlQueue } from '../adapters/sql/queue.js';
import { createSqliteStore } from '../adapters/sqlite/store.js';
import type { Store, Worker } from '../kernel/ports/index.js';
import type { Pruner, PruneReport } from './create-pruner.js';
import { RETENTION_JOB, schedulePruner } from './schedule-pruner.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const EMPTY: PruneReport = {
  pruned: { jobs: 0, deadLetters: 0, outbox: 0, payNotifications: 0, refreshTokens: 0 },
  batches: 5,
  complete: true,
};

describe('schedulePruner', () => {
  let dir: string;
  let stores: Store[];
  let queues: SqlQueue[];
  let workers: Worker[];
  const open = async () => {
    const store = createSqliteStore({ file: join(dir, 'q.db') });
    await store.migrate();
    stores.push(store);
    const queue = createSqlQueue({ store, pollIntervalMs: 20 });
    queues.push(queue);
    return queue;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wegate-prune-schedule-'));
    [stores, queues, workers] = [[], [], []];
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(queues.map((q) => q.close()));
    await Promise.all(stores.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs once per slot across instances, one run at a time, and keeps going after a failed run', async () => {
    const lock = createMemoryLock();
    let running = 0;
    let overlap = 0;
    const runs: number[] = [];
    const pruner: Pruner = {
      keptMs: () => 0,
      async runOnce() {
        running += 1;
        overlap = Math.max(overlap, running);
        runs.push(Date.now());
        await sleep(150);
        running -= 1;
        if (runs.length === 1) throw new Error('connection terminated');
        return EMPTY;
      },
    };
    const [a, b] = [await open(), await open()];
    const errors: unknown[] = [];
    const start = (queue: SqlQueue) =>
      schedulePruner({ queue, lock, pruner, intervalMs: 1_000, onError: (e) => errors.push(e) });
    workers.push(await start(a), await start(b));
    await sleep(3_300);
    await Promise.all(workers.splice(0).map((w) => w.close()));

    expect(overlap).toBe(1);
    expect(errors).toHaveLength(1);
    // It kept going after the failed first run, one run per slot job, none retried.
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const rows =
      (await stores[0]?.db
        .selectFrom('wegate_jobs')
        .select(['state', 'attempt'])
        .where('queue', '=', RETENTION_JOB)
        .execute()) ?? [];
    const completed = rows.filter((r) => r.state === 'completed');
    expect(completed).toHaveLength(runs.length);
    expect(completed.every((r) => r.attempt === 1)).toBe(true);
    expect(rows.filter((r) => r.state === 'waiting' || r.state === 'delayed')).toHaveLength(1);
  });

  it('skips a slot while an earlier run still holds the lock (an instance started mid-run)', async () => {
    const lock = createMemoryLock();
    let running = 0;
    let overlap = 0;
    let runs = 0;
    const pruner: Pruner = {
      keptMs: () => 0,
      async runOnce() {
        running += 1;
        runs += 1;
        overlap = Math.max(overlap, running);
        await sleep(2_500);
        running -= 1;
        return EMPTY;
      },
    };
    const [a, b] = [await open(), await open()];
    workers.push(await schedulePruner({ queue: a, lock, pruner, intervalMs: 1_000 }));
    await sleep(1_100);
    // B queues the slot it starts in, a later one than A is still running.
    workers.push(await schedulePruner({ queue: b, lock, pruner, intervalMs: 1_000 }));
    await sleep(1_000);
    expect([runs, overlap]).toEqual([1, 1]);
    // B's slots came and went (completed without a run) while A's run held the lock.
    const done = await stores[0]?.db
      .selectFrom('wegate_jobs')
      .select('state')
      .where('queue', '=', RETENTION_JOB)
      .where('state', '=', 'completed')
      .execute();
    expect(done?.length).toBeGreaterThanOrEqual(1);
  });
});
