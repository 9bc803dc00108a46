/** @module Mapping between wegate_jobs rows and the Queue port's job shapes, and the retry schedule. */
import type { Selectable } from 'kysely';
import type { JobsTable } from '../../kernel/ports/store.types.js';
import type { BackoffOptions, Job, JobRecord, JobState } from '../../kernel/ports/queue.types.js';

export type JobRow = Selectable<JobsTable>;

export const DEFAULT_ATTEMPTS = 5;
/** Without a backoff, a failed send waits 1 s, 2 s, 4 s…: an immediate retry would only hit the same fault. */
export const DEFAULT_BACKOFF: BackoffOptions = { type: 'exponential', delayMs: 1_000 };
const MAX_ERROR_LENGTH = 2_000;

/** The job a handler sees. */
export function toJob<T>(row: JobRow): Job<T> {
  return {
    id: row.id,
    name: row.queue,
    data: JSON.parse(row.data) as T,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    ...(row.idempotency_key === null ? {} : { idempotencyKey: row.idempotency_key }),
  };
}

/** The stored job; a delayed job whose time has come reads as waiting. */
export function toJobRecord<T>(row: JobRow, now: number): JobRecord<T> {
  const state = row.state === 'delayed' && row.run_at <= now ? 'waiting' : (row.state as JobState);
  return {
    ...toJob<T>(row),
    state,
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Delay before the next try after failed attempt number `attempt` (1-based). */
export function retryDelayMs(backoff: string | null, attempt: number): number {
  const options = backoff === null ? DEFAULT_BACKOFF : (JSON.parse(backoff) as BackoffOptions);
  if (options.type === 'fixed') return options.delayMs;
  return options.delayMs * 2 ** Math.max(0, attempt - 1);
}

/** What goes into last_error: the message only (stacks can carry request bodies), bounded. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? text.slice(0, MAX_ERROR_LENGTH) : text;
}
