/** @module createBullmqQueue(): the Queue port over BullMQ on Redis, for several server processes. */
import {
  DelayedError,
  Queue as BullQueue,
  UnrecoverableError,
  Worker as BullWorker,
  type Job as BullJob,
  type RedisOptions,
} from 'bullmq';
import { isPermanentJobError, isRetryLaterError } from '../../kernel/ports/job-errors.js';
import type {
  EnqueueOptions,
  EnqueueResult,
  JobHandler,
  ProcessOptions,
  Queue,
  QueueStats,
  Worker,
} from '../../kernel/ports/queue.types.js';
import { BullMQOtel } from 'bullmq-otel';
import { isTracingOn } from '../../telemetry/tracing/trace-context.js';
import { bullmqStats } from './bullmq-stats.js';
import { idempotentJobId, toJob, toJobRecord, toJobsOptions, type Envelope } from './bullmq-job.js';

export interface BullmqQueueOptions {
  /** `{ url }` or ioredis options; every BullMQ Queue and Worker opens its own connections from it. */
  connection: { url: string } | RedisOptions;
  /** Redis key prefix (default `wegate`). */
  prefix?: string;
  /** How long a worker holds a job without renewing its lock (default 30 s). */
  lockDurationMs?: number;
  /** How often workers look for jobs whose lock lapsed, i.e. whose worker died (default 30 s). */
  stalledIntervalMs?: number;
  /** Connection and worker errors (BullMQ keeps reconnecting). */
  onError?: (error: unknown) => void;
}

export interface BullmqQueue extends Queue {
  stats(): Promise<QueueStats[]>;
  ping(): Promise<void>;
  prune(state: 'completed' | 'dead', olderThanMs: number, limit: number): Promise<number>;
  /** Close every worker without waiting for its jobs (a dying process); their locks then lapse. */
  abandon(): Promise<void>;
}

const DEFAULT_DEAD_LETTER_LIMIT = 100;

export function createBullmqQueue(options: BullmqQueueOptions): BullmqQueue {
  const prefix = options.prefix ?? 'wegate';
  const onError = options.onError ?? (() => undefined);
  const queues = new Map<string, BullQueue>();
  const workers = new Set<BullWorker>();
  const queueFor = (name: string): BullQueue => {
    let queue = queues.get(name);
    if (queue === undefined) {
      queue = new BullQueue(name, { connection: { ...options.connection }, prefix, ...telemetry() });
      queue.on('error', onError);
      queues.set(name, queue);
    }
    return queue;
  };
  /** force: do not wait for running jobs (BullMQ's forced close). */
  const closeAll = async (force: boolean): Promise<void> => {
    const running = [...workers];
    workers.clear();
    await Promise.all(running.map((w) => w.close(force)));
    const all = [...queues.values()];
    queues.clear();
    await Promise.all(all.map((q) => q.close()));
  };

  return {
    enqueue: (name, data, o = {}) => enqueueJob(queueFor(name), name, data, o),
    process<T>(name: string, handler: JobHandler<T>, o: ProcessOptions = {}): Worker {
      const worker = createWorker(name, handler, { ...options, prefix, onError }, o);
      workers.add(worker);
      return {
        close: async () => {
          workers.delete(worker);
          await worker.close();
        },
      };
    },
    async get(name, id) {
      const job = await queueFor(name).getJob(id);
      if (job === undefined) return undefined;
      return toJobRecord(name, job, await job.getState());
    },
    async deadLetters(name, limit = DEFAULT_DEAD_LETTER_LIMIT) {
      const jobs = await queueFor(name).getFailed(0, Math.max(1, limit) - 1);
      return jobs.map((job) => toJobRecord(name, job, 'failed'));
    },
    // The names this process enqueued to, read or works: the ones stats() reports.
    ...bullmqStats(() => new Set([...queues.keys(), ...[...workers].map((w) => w.name)]), queueFor),
    close: () => closeAll(false),
    abandon: () => closeAll(true),
  };
}

async function enqueueJob(
  queue: BullQueue,
  name: string,
  data: unknown,
  o: EnqueueOptions,
): Promise<EnqueueResult> {
  if (o.idempotencyKey !== undefined) {
    const id = idempotentJobId(o.idempotencyKey);
    // Two racing first enqueues may both see no job; BullMQ's own jobId check then keeps only one.
    if ((await queue.getJob(id)) !== undefined) return { id, duplicate: true };
  }
  const envelope: Envelope = {
    payload: data ?? null,
    ...(o.idempotencyKey === undefined ? {} : { idempotencyKey: o.idempotencyKey }),
  };
  const job = await queue.add(name, envelope, toJobsOptions(o));
  return { id: job.id ?? '', duplicate: false };
}

function createWorker<T>(
  name: string,
  handler: JobHandler<T>,
  options: BullmqQueueOptions & { prefix: string; onError: (error: unknown) => void },
  o: ProcessOptions,
): BullWorker {
  const worker = new BullWorker(name, (job: BullJob, token?: string) => runJob(name, job, token, handler), {
    // A worker blocks on Redis; BullMQ requires unlimited retries on its connections.
    connection: { ...options.connection, maxRetriesPerRequest: null },
    prefix: options.prefix,
    ...telemetry(),
    concurrency: Math.max(1, o.concurrency ?? 1),
    ...(options.lockDurationMs === undefined ? {} : { lockDuration: options.lockDurationMs }),
    ...(options.stalledIntervalMs === undefined ? {} : { stalledInterval: options.stalledIntervalMs }),
  });
  worker.on('error', options.onError);
  return worker;
}

async function runJob<T>(
  name: string,
  job: BullJob,
  token: string | undefined,
  handler: JobHandler<T>,
): Promise<void> {
  try {
    await handler(toJob<T>(name, job));
  } catch (error) {
    if (isRetryLaterError(error)) {
      // Moving the job to delayed ourselves and throwing DelayedError leaves attemptsMade unchanged.
      await job.moveToDelayed(Date.now() + Math.max(0, error.delayMs), token);
      throw new DelayedError();
    }
    const reason = error instanceof Error ? error.message : String(error);
    if (isPermanentJobError(error)) throw new UnrecoverableError(reason);
    throw error instanceof Error ? error : new Error(reason);
  }
}

/** BullMQ's own spans (enqueue, process) carry the trace through Redis while tracing is on. */
function telemetry(): { telemetry?: BullMQOtel } {
  return isTracingOn() ? { telemetry: new BullMQOtel({ tracerName: 'wegate' }) } : {};
}
