/** @module settleJob(): record a job's outcome, only while this worker still holds its lease. */
import { sql, type Kysely, type UpdateObject } from 'kysely';
import { isPermanentJobError, isRetryLaterError } from '../../kernel/ports/job-errors.js';
import type { Database } from '../../kernel/ports/store.types.js';
import { describeError, retryDelayMs, type JobRow } from './job-row.js';

export type JobOutcome = { ok: true } | { ok: false; error: unknown };
type JobUpdate = UpdateObject<Database, 'wegate_jobs'>;

/** The row update for an outcome: completed, rescheduled, or dead-lettered. */
export function outcomeUpdate(row: JobRow, outcome: JobOutcome, now: number): JobUpdate {
  const base = { lease_until: null, updated_at: now };
  if (outcome.ok) return { ...base, state: 'completed', run_at: now };
  const { error } = outcome;
  const lastError = describeError(error);
  if (isRetryLaterError(error)) {
    // Waiting out a quota (45009) or a rate limit is not a failed try: hand the attempt back.
    return {
      ...base,
      state: 'delayed',
      run_at: now + Math.max(0, error.delayMs),
      attempt: sql<number>`attempt - 1`,
      last_error: lastError,
    };
  }
  if (isPermanentJobError(error) || row.attempt >= row.max_attempts) {
    return { ...base, state: 'dead', run_at: now, attempt: row.attempt, last_error: lastError };
  }
  return {
    ...base,
    state: 'delayed',
    run_at: now + retryDelayMs(row.backoff, row.attempt),
    last_error: lastError,
  };
}

/** Apply the outcome; false when the lease was lost and another worker owns the job now. */
export async function settleJob(
  db: Kysely<Database>,
  job: { row: JobRow; leaseUntil: number },
  update: JobUpdate,
): Promise<boolean> {
  const result = await db
    .updateTable('wegate_jobs')
    .set(update)
    .where('id', '=', job.row.id)
    .where('state', '=', 'active')
    .where('lease_until', '=', job.leaseUntil)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
