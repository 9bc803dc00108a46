export interface BackoffOptions {
  type: 'fixed' | 'exponential';
  /** Base delay in ms (exponential: base × 2^(attempt-1)). */
  delayMs: number;
}

export interface EnqueueOptions {
  /** A second enqueue with the same key (per queue name) returns the first job and enqueues nothing. */
  idempotencyKey?: string;
  /** Run no earlier than this many ms from now. */
  delayMs?: number;
  /** Total attempts before the job is dead-lettered (default 5). */
  attempts?: number;
  backoff?: BackoffOptions;
}

export interface EnqueueResult {
  readonly id: string;
  /** True when the idempotency key matched an existing job. */
  readonly duplicate: boolean;
}

export interface Job<T = unknown> {
  readonly id: string;
  readonly name: string;
  readonly data: T;
  /** 1 on the first run. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly idempotencyKey?: string;
}

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'dead';

export interface JobRecord<T = unknown> extends Job<T> {
  readonly state: JobState;
  readonly lastError?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type JobHandler<T = unknown> = (job: Job<T>) => Promise<void>;

export interface ProcessOptions {
  concurrency?: number;
}

export interface Worker {
  close(): Promise<void>;
}

/** A durable job queue (SQL table in embedded mode, BullMQ on Redis). */
export interface Queue {
  enqueue<T>(name: string, data: T, options?: EnqueueOptions): Promise<EnqueueResult>;
  process<T>(name: string, handler: JobHandler<T>, options?: ProcessOptions): Worker;
  get<T = unknown>(name: string, id: string): Promise<JobRecord<T> | undefined>;
  deadLetters<T = unknown>(name: string, limit?: number): Promise<JobRecord<T>[]>;
  close(): Promise<void>;
}
