/** @module claimJob(): take the next runnable job of a queue under a lease, safely across processes. */
import { sql, type Kysely } from 'kysely';
import type { Database, StoreDialect } from '../../kernel/ports/store.types.js';
import type { JobRow } from './job-row.js';

export interface ClaimOptions {
  queue: string;
  now: number;
  leaseMs: number;
}

/**
 * One UPDATE … RETURNING. Runnable = waiting/delayed with run_at passed, or active with an expired lease
 * (its worker died): an active job's run_at is its lease end, so one index range serves both.
 * - PostgreSQL: the sub-select locks its row FOR UPDATE SKIP LOCKED, so concurrent claimers never wait
 *   on or share a row.
 * - SQLite: a writing statement takes the database write lock when it starts (an immediate transaction
 *   of its own), and as a single statement it never holds that lock across an await — which matters
 *   because better-sqlite3 waits for a busy lock synchronously.
 */
export async function claimJob(
  db: Kysely<Database>,
  dialect: StoreDialect,
  options: ClaimOptions,
): Promise<JobRow | undefined> {
  const leaseUntil = options.now + options.leaseMs;
  return db
    .updateTable('wegate_jobs')
    .set({
      state: 'active',
      attempt: sql<number>`attempt + 1`,
      lease_until: leaseUntil,
      run_at: leaseUntil,
      updated_at: options.now,
    })
    .where('id', '=', (eb) =>
      eb
        .selectFrom('wegate_jobs')
        .select('id')
        .where('queue', '=', options.queue)
        .where('state', 'in', ['waiting', 'delayed', 'active'])
        .where('run_at', '<=', options.now)
        .orderBy('run_at')
        .limit(1)
        .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Extend a lease we still hold; false when it was lost (expired and claimed again). */
export async function renewLease(
  db: Kysely<Database>,
  job: { row: { id: string }; leaseUntil: number },
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const leaseUntil = now + leaseMs;
  const result = await db
    .updateTable('wegate_jobs')
    .set({ lease_until: leaseUntil, run_at: leaseUntil, updated_at: now })
    .where('id', '=', job.row.id)
    .where('state', '=', 'active')
    .where('lease_until', '=', job.leaseUntil)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  job.leaseUntil = leaseUntil;
  return true;
}
