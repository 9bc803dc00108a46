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

/** The jobs of one queue name by state, read in one go for metrics and autoscalers. */
export interface QueueStats {
  readonly name: string;
  /** Due and not yet claimed. */
  readonly waiting: number;
  /** Claimed by a worker. */
  readonly active: number;
  /** Not due yet (a delay, or a backoff between attempts). */
  readonly delayed: number;
  /** Dead-lettered. */
  readonly dead: number;
  /** How long the longest-waiting due job has been due (ms); 0 when none waits. */
  readonly oldestWaitingMs: number;
}

/** A durable job queue (SQL table in embedded mode, BullMQ on Redis). */
export interface Queue {
  enqueue<T>(name: string, data: T, options?: EnqueueOptions): Promise<EnqueueResult>;
  process<T>(name: string, handler: JobHandler<T>, options?: ProcessOptions): Worker;
  get<T = unknown>(name: string, id: string): Promise<JobRecord<T> | undefined>;
  deadLetters<T = unknown>(name: string, limit?: number): Promise<JobRecord<T>[]>;
  /**
   * Counts by state of every queue name this queue knows (SQL: every name in the table; BullMQ: the
   * names this process enqueued to, worked or read), at a bounded cost.
   */
  stats?(): Promise<QueueStats[]>;
  /** Resolves when the backend answers; rejects when it does not. */
  ping?(): Promise<void>;
  /**
   * Delete up to `limit` jobs per queue name that settled in `state` more than `olderThanMs` ago; resolves
   * to how many went. For queues kept outside the SQL store (BullMQ), which retention cannot reach by SQL.
   */
  prune?(state: 'completed' | 'dead', olderThanMs: number, limit: number): Promise<number>;
  close(): Promise<void>;
}
