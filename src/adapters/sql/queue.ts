/** @module createSqlQueue(): a durable job queue in the wegate_jobs table, on SQLite or PostgreSQL. */
import { systemClock, type Clock } from '../../kernel/ports/clock.types.js';
import type {
  JobHandler,
  ProcessOptions,
  Queue,
  QueueStats,
  Worker,
} from '../../kernel/ports/queue.types.js';
import type { Store } from '../../kernel/ports/store.types.js';
import { sql } from 'kysely';
import { insertJob, reviveDeadJob, selectDeadJobs, selectJob } from './job-table.js';
import { selectQueueStats } from './queue-stats.js';
import { createSqlWorker, type SqlWorker } from './sql-worker.js';

export interface SqlQueueOptions {
  store: Store;
  clock?: Clock;
  /** How often an idle worker looks for due jobs (default 500 ms); local enqueues wake it at once. */
  pollIntervalMs?: number;
  /** How long a claimed job stays ours without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** Database errors met while polling or settling (the loop keeps going). */
  onError?: (error: unknown) => void;
}

export interface SqlQueue extends Queue {
  stats(): Promise<QueueStats[]>;
  ping(): Promise<void>;
  /** Put a dead job back in line with fresh attempts; false when it is not dead. */
  retryDead(name: string, id: string): Promise<boolean>;
  /** Drop every worker at once without settling anything (a dying process); leases then expire. */
  abandon(): void;
}

const DEFAULT_POLL_MS = 500;
const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_DEAD_LETTER_LIMIT = 100;

/** The store is borrowed: close() stops the workers, the store's owner closes the store. */
export function createSqlQueue(options: SqlQueueOptions): SqlQueue {
  const { db, dialect } = options.store;
  const clock = options.clock ?? systemClock;
  const workers = createWorkerRegistry();
  const workerOptions = (name: string, handler: JobHandler<unknown>, o: ProcessOptions) => ({
    db,
    dialect,
    clock,
    name,
    handler,
    concurrency: Math.max(1, o.concurrency ?? 1),
    pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_MS,
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    onError: options.onError ?? (() => undefined),
  });

  return {
    async enqueue(name, data, o = {}) {
      const result = await insertJob(db, { name, data, now: clock.now(), options: o });
      if (!result.duplicate) workers.wake(name, o.delayMs ?? 0);
      return result;
    },
    process<T>(name: string, handler: JobHandler<T>, o: ProcessOptions = {}): Worker {
      const worker = createSqlWorker(workerOptions(name, handler as JobHandler<unknown>, o));
      workers.add(name, worker);
      return {
        close: async () => {
          workers.remove(name, worker);
          await worker.close();
        },
      };
    },
    get: (name, id) => selectJob(db, name, id, clock.now()),
    deadLetters: (name, limit = DEFAULT_DEAD_LETTER_LIMIT) => selectDeadJobs(db, name, limit, clock.now()),
    stats: () => selectQueueStats(db, clock.now()),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async retryDead(name, id) {
      const revived = await reviveDeadJob(db, name, id, clock.now());
      if (revived) workers.wake(name, 0);
      return revived;
    },
    async close() {
      await Promise.all(workers.drain().map((w) => w.close()));
    },
    abandon() {
      workers.drain().forEach((w) => w.abandon());
    },
  };
}

/** This process's workers by queue name, so a local enqueue runs without waiting for a poll. */
function createWorkerRegistry() {
  const byName = new Map<string, Set<SqlWorker>>();
  const timers = new Set<NodeJS.Timeout>();
  const wakeNow = (name: string): void => byName.get(name)?.forEach((w) => w.wake());
  return {
    add: (name: string, worker: SqlWorker) => byName.set(name, (byName.get(name) ?? new Set()).add(worker)),
    remove: (name: string, worker: SqlWorker) => byName.get(name)?.delete(worker),
    wake(name: string, afterMs: number): void {
      if (afterMs <= 0) return wakeNow(name);
      const timer = setTimeout(() => {
        timers.delete(timer);
        wakeNow(name);
      }, afterMs);
      timer.unref();
      timers.add(timer);
    },
    /** Forget every worker and pending wake-up; returns the workers. */
    drain(): SqlWorker[] {
      timers.forEach(clearTimeout);
      timers.clear();
      const all = [...byName.values()].flatMap((set) => [...set]);
      byName.clear();
      return all;
    },
  };
}
