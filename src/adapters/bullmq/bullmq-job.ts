/** @module Mapping between BullMQ jobs and the Queue port's job shapes. */
import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import type { EnqueueOptions, Job, JobRecord, JobState } from '../../kernel/ports/queue.types.js';

/** What we store as BullMQ job data: the payload plus what the port reports back. */
export interface Envelope {
  payload: unknown;
  idempotencyKey?: string;
}

/** The subset of a BullMQ job we read (its classes vary by backend generics). */
export interface BullJobLike {
  id?: string | undefined;
  data: unknown;
  attemptsMade: number;
  opts: { attempts?: number };
  failedReason?: string;
  timestamp: number;
  processedOn?: number | undefined;
  finishedOn?: number | undefined;
}

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_BACKOFF_MS = 1_000;

/**
 * BullMQ rejects custom job ids containing ':' (its key separator) and plain integers (its own
 * counter), and our keys look like `openid:template:…`; a prefixed digest has neither.
 */
export function idempotentJobId(key: string): string {
  return `idem-${createHash('sha256').update(key).digest('base64url')}`;
}

export function toJobsOptions(o: EnqueueOptions): JobsOptions {
  const backoff = o.backoff ?? { type: 'exponential' as const, delayMs: DEFAULT_BACKOFF_MS };
  return {
    ...(o.idempotencyKey === undefined ? {} : { jobId: idempotentJobId(o.idempotencyKey) }),
    delay: Math.max(0, o.delayMs ?? 0),
    attempts: Math.max(1, Math.trunc(o.attempts ?? DEFAULT_ATTEMPTS)),
    backoff: { type: backoff.type, delay: backoff.delayMs },
    // Completed and failed jobs stay: they are the idempotency record and the dead-letter list.
    removeOnComplete: false,
    removeOnFail: false,
  };
}

export function toJob<T>(name: string, job: BullJobLike): Job<T> {
  const envelope = job.data as Envelope;
  return {
    id: job.id ?? '',
    name,
    data: envelope.payload as T,
    attempt: job.attemptsMade + 1,
    maxAttempts: job.opts.attempts ?? 1,
    ...(envelope.idempotencyKey === undefined ? {} : { idempotencyKey: envelope.idempotencyKey }),
  };
}

const STATES: Readonly<Record<string, JobState>> = {
  waiting: 'waiting',
  prioritized: 'waiting',
  'waiting-children': 'waiting',
  delayed: 'delayed',
  active: 'active',
  completed: 'completed',
  failed: 'dead',
};

export function toJobRecord<T>(name: string, job: BullJobLike, bullState: string): JobRecord<T> {
  const record = toJob<T>(name, job);
  return {
    ...record,
    // attemptsMade counts finished tries; a settled job reports the last one it ran.
    attempt: bullState === 'completed' || bullState === 'failed' ? job.attemptsMade : record.attempt,
    state: STATES[bullState] ?? 'waiting',
    ...(job.failedReason ? { lastError: job.failedReason } : {}),
    createdAt: job.timestamp,
    updatedAt: job.finishedOn ?? job.processedOn ?? job.timestamp,
  };
}
