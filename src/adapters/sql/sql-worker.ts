/** @module createSqlWorker(): the polling loop behind SqlQueue.process(). */
import type { Kysely } from 'kysely';
import type { Clock } from '../../kernel/ports/clock.types.js';
import type { JobHandler } from '../../kernel/ports/queue.types.js';
import type { Database, StoreDialect } from '../../kernel/ports/store.types.js';
import { inSpan, isTracingOn, restoreTraceContext, SpanKind } from '../../telemetry/tracing/trace-context.js';
import { claimJob, renewLease } from './claim-job.js';
import { toJob, type JobRow } from './job-row.js';
import { outcomeUpdate, settleJob, type JobOutcome } from './settle-job.js';

export interface SqlWorkerOptions {
  db: Kysely<Database>;
  dialect: StoreDialect;
  clock: Clock;
  name: string;
  handler: JobHandler<unknown>;
  concurrency: number;
  pollIntervalMs: number;
  leaseMs: number;
  onError: (error: unknown) => void;
}

export interface SqlWorker {
  /** Claim now instead of at the next poll (a local enqueue, a freed slot). */
  wake(): void;
  /** Stop claiming and wait for the jobs in flight to settle. */
  close(): Promise<void>;
  /** Stop at once and write nothing more, as if the process died; the leases then expire. */
  abandon(): void;
}

interface Running {
  row: JobRow;
  leaseUntil: number;
}

export function createSqlWorker(o: SqlWorkerOptions): SqlWorker {
  const inFlight = new Set<Promise<void>>();
  const heartbeats = new Set<NodeJS.Timeout>();
  const idler = createIdler();
  let stopped = false;
  let abandoned = false;

  const start = (row: JobRow): void => {
    const running: Running = { row, leaseUntil: row.lease_until ?? 0 };
    const heartbeat = startHeartbeat(o, running);
    heartbeats.add(heartbeat);
    const task = runJob(o, running, () => abandoned).finally(() => {
      clearInterval(heartbeat);
      heartbeats.delete(heartbeat);
      inFlight.delete(task);
      idler.wake();
    });
    inFlight.add(task);
  };

  const loop = async (): Promise<void> => {
    while (!stopped) {
      if (inFlight.size >= o.concurrency) {
        await idler.idle(o.pollIntervalMs);
        continue;
      }
      const claim = { queue: o.name, now: o.clock.now(), leaseMs: o.leaseMs };
      const row = await claimJob(o.db, o.dialect, claim).catch((error: unknown) => {
        if (!stopped) o.onError(error);
        return undefined;
      });
      if (row === undefined) await idler.idle(o.pollIntervalMs);
      else if (!abandoned) start(row);
    }
  };
  const looping = loop();

  return {
    wake: idler.wake,
    async close() {
      stopped = true;
      idler.wake();
      await looping;
      await Promise.all(inFlight);
    },
    abandon() {
      stopped = true;
      abandoned = true;
      for (const heartbeat of heartbeats) clearInterval(heartbeat);
      idler.wake();
    },
  };
}

/** Keep the lease while the handler runs; a lease that lapses means the job is re-run elsewhere. */
function startHeartbeat(o: SqlWorkerOptions, running: Running): NodeJS.Timeout {
  return setInterval(
    () => {
      renewLease(o.db, running, o.clock.now(), o.leaseMs).catch(o.onError);
    },
    Math.max(1, Math.floor(o.leaseMs / 3)),
  );
}

async function runJob(o: SqlWorkerOptions, running: Running, isAbandoned: () => boolean): Promise<void> {
  const { row } = running;
  let outcome: JobOutcome;
  try {
    // Claimed past its last attempt: the previous holder died during its final try.
    if (row.attempt > row.max_attempts) throw new Error('lease expired during the last attempt');
    await handle(o, row);
    outcome = { ok: true };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (isAbandoned()) return;
  const counted = { ...row, attempt: Math.min(row.attempt, row.max_attempts) };
  await settleJob(o.db, running, outcomeUpdate(counted, outcome, o.clock.now())).catch(o.onError);
}

/** The handler, inside a consumer span continuing the trace the job was queued under (tracing on). */
function handle(o: SqlWorkerOptions, row: JobRow): Promise<void> {
  if (row.trace_context === null || !isTracingOn()) return o.handler(toJob(row));
  const attributes = {
    'messaging.system': 'wegate_jobs',
    'messaging.destination.name': row.queue,
    'messaging.message.id': row.id,
    'wegate.job.attempt': row.attempt,
  };
  const parent = restoreTraceContext(row.trace_context);
  return inSpan(`process ${row.queue}`, { kind: SpanKind.CONSUMER, attributes, parent }, () =>
    o.handler(toJob(row)),
  );
}

/** Sleep for a poll interval, or less when woken; a wake while busy makes the next sleep end at once. */
function createIdler(): { idle(ms: number): Promise<void>; wake(): void } {
  let wakeUp: (() => void) | undefined;
  let pending = false;
  return {
    idle: (ms) =>
      new Promise<void>((resolve) => {
        if (pending) {
          pending = false;
          resolve();
          return;
        }
        const done = (): void => {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wakeUp = done;
      }),
    wake: () => {
      if (wakeUp === undefined) pending = true;
      else wakeUp();
    },
  };
}
