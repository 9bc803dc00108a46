/** @module createPruner(): delete rows older than their kind's retention, in short bounded batches. */
import type { Kysely } from 'kysely';
import { systemClock, type Clock, type Queue, type Store } from '../kernel/ports/index.js';
import {
  RETENTION_KINDS,
  RETENTION_RULES,
  type PrunedTables,
  type RetentionKind,
  type RetentionRule,
} from './retention-rules.js';

const DAY_MS = 86_400_000;
/** The floor of the SQL queue's jobs (retention-rules.ts): a job's idempotency key holds while it is kept. */
const QUEUE_FLOOR_MS = 15 * 60_000;

export interface RetentionSettings {
  /** Days kept when a kind names none (fractions allowed: 0.01 is 14.4 minutes). */
  readonly days: number;
  /** Days kept per kind, overriding `days`. */
  readonly kinds?: Readonly<Partial<Record<RetentionKind, number>>>;
}

export interface PrunerOptions {
  readonly store: Store;
  /** A queue kept outside the store (BullMQ): its completed and dead jobs are pruned through the port. */
  readonly queue?: Queue;
  readonly settings: RetentionSettings;
  readonly clock?: Clock;
  /** Rows deleted per statement (default 1000): each batch is one short statement, its own transaction. */
  readonly batchSize?: number;
  /** Batches per table and kind in one run (default 50); the rest waits for the next run. */
  readonly maxBatches?: number;
  /** Told after each batch that deleted rows (metrics). */
  readonly onPruned?: (kind: RetentionKind, rows: number) => void;
}

export interface PruneReport {
  readonly pruned: Readonly<Record<RetentionKind, number>>;
  /** Statements run (each deleting at most batchSize rows). */
  readonly batches: number;
  /** False when some kind hit maxBatches and still has rows to prune. */
  readonly complete: boolean;
}

export interface Pruner {
  runOnce(): Promise<PruneReport>;
  /** How long each kind is kept: its setting, raised to the floor idempotency needs. */
  keptMs(kind: RetentionKind): number;
}

export function createPruner(options: PrunerOptions): Pruner {
  const clock = options.clock ?? systemClock;
  const batchSize = Math.max(1, options.batchSize ?? 1_000);
  const maxBatches = Math.max(1, options.maxBatches ?? 50);
  // The pruner reads a few columns of other products' tables; it types only those.
  const db = options.store.db as unknown as Kysely<PrunedTables>;
  const settingMs = (kind: RetentionKind) =>
    (options.settings.kinds?.[kind] ?? options.settings.days) * DAY_MS;
  const keptMs = (r: Pick<RetentionRule, 'kind' | 'floorMs'>) => Math.max(settingMs(r.kind), r.floorMs);

  const pruneRule = (r: RetentionRule, cutoff: number) =>
    inBatches(
      async () => {
        const deleted = await deleteBatch(db, r, cutoff, batchSize);
        if (deleted > 0) options.onPruned?.(r.kind, deleted);
        return deleted;
      },
      batchSize,
      maxBatches,
    );

  return {
    keptMs: (kind) => Math.max(...RETENTION_RULES.filter((r) => r.kind === kind).map(keptMs)),
    async runOnce() {
      const pruned = Object.fromEntries(RETENTION_KINDS.map((k) => [k, 0])) as Record<RetentionKind, number>;
      let batches = 0;
      let complete = true;
      const add = (kind: RetentionKind, result: { rows: number; batches: number; complete: boolean }) => {
        pruned[kind] += result.rows;
        batches += result.batches;
        complete &&= result.complete;
      };
      for (const r of RETENTION_RULES) add(r.kind, await pruneRule(r, clock.now() - keptMs(r)));
      const { queue } = options;
      if (queue?.prune) {
        const prune = queue.prune.bind(queue);
        const byQueue = (kind: RetentionKind, state: 'completed' | 'dead') => async () => {
          const rows = await prune(state, keptMs({ kind, floorMs: QUEUE_FLOOR_MS }), batchSize);
          if (rows > 0) options.onPruned?.(kind, rows);
          return rows;
        };
        add('jobs', await inBatches(byQueue('jobs', 'completed'), batchSize, maxBatches));
        add('deadLetters', await inBatches(byQueue('deadLetters', 'dead'), batchSize, maxBatches));
      }
      return { pruned, batches, complete };
    },
  };
}

/** Repeat `step` (which deletes up to `batchSize` rows) until it deletes fewer, at most `maxBatches` times. */
async function inBatches(step: () => Promise<number>, batchSize: number, maxBatches: number) {
  let rows = 0;
  for (let batch = 1; batch <= maxBatches; batch += 1) {
    const deleted = await step();
    rows += deleted;
    if (deleted < batchSize) return { rows, batches: batch, complete: true };
  }
  return { rows, batches: maxBatches, complete: false };
}

/** One DELETE of at most `limit` rows, chosen by a sub-select (portable: SQLite and PostgreSQL). */
async function deleteBatch(
  db: Kysely<PrunedTables>,
  r: RetentionRule,
  cutoff: number,
  limit: number,
): Promise<number> {
  const { prunable } = r;
  const result = await db
    .deleteFrom(r.table)
    .where('id', 'in', (eb) =>
      eb
        .selectFrom(r.table)
        .select('id')
        .where(r.ageColumn, '<', cutoff)
        .$if(prunable !== undefined, (qb) => qb.where((w) => (prunable as NonNullable<typeof prunable>)(w)))
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
