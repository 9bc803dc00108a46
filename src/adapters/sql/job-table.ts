/** @module Reads and writes of wegate_jobs outside the claim/settle cycle. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EnqueueOptions, EnqueueResult, JobRecord } from '../../kernel/ports/queue.types.js';
import type { Database } from '../../kernel/ports/store.types.js';
import { captureTraceContext } from '../../telemetry/tracing/trace-context.js';
import { DEFAULT_ATTEMPTS, toJobRecord } from './job-row.js';

/** Insert a job, or find the one holding the same idempotency key (kept after completion too). */
export async function insertJob(
  db: Kysely<Database>,
  job: { name: string; data: unknown; now: number; options: EnqueueOptions },
): Promise<EnqueueResult> {
  const { options: o, now } = job;
  const id = randomUUID();
  const delayMs = Math.max(0, o.delayMs ?? 0);
  const inserted = await db
    .insertInto('wegate_jobs')
    .values({
      id,
      queue: job.name,
      idempotency_key: o.idempotencyKey ?? null,
      data: JSON.stringify(job.data ?? null),
      state: delayMs > 0 ? 'delayed' : 'waiting',
      attempt: 0,
      max_attempts: Math.max(1, Math.trunc(o.attempts ?? DEFAULT_ATTEMPTS)),
      backoff: o.backoff === undefined ? null : JSON.stringify(o.backoff),
      run_at: now + delayMs,
      trace_context: captureTraceContext(),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['queue', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted !== undefined) return { id, duplicate: false };
  const existing = await db
    .selectFrom('wegate_jobs')
    .select('id')
    .where('queue', '=', job.name)
    .where('idempotency_key', '=', o.idempotencyKey ?? '')
    .executeTakeFirstOrThrow();
  return { id: existing.id, duplicate: true };
}

export async function selectJob<T>(
  db: Kysely<Database>,
  name: string,
  id: string,
  now: number,
): Promise<JobRecord<T> | undefined> {
  const row = await db
    .selectFrom('wegate_jobs')
    .selectAll()
    .where('queue', '=', name)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toJobRecord<T>(row, now);
}

/** The dead-letter list, most recent first. */
export async function selectDeadJobs<T>(
  db: Kysely<Database>,
  name: string,
  limit: number,
  now: number,
): Promise<JobRecord<T>[]> {
  const rows = await db
    .selectFrom('wegate_jobs')
    .selectAll()
    .where('queue', '=', name)
    .where('state', '=', 'dead')
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => toJobRecord<T>(row, now));
}

/** Dead → waiting with a fresh set of attempts; the last error stays for the record. */
export async function reviveDeadJob(
  db: Kysely<Database>,
  name: string,
  id: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('wegate_jobs')
    .set({ state: 'waiting', attempt: 0, run_at: now, updated_at: now })
    .where('queue', '=', name)
    .where('id', '=', id)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
