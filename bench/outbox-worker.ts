/**
 * @module One outbox process of `npm run bench:outbox`, started by bench/outbox.ts.
 * `throughput`: SQLite store, SQL queue or BullMQ; enqueues BENCH_N messages as fast as it can (then
 * BENCH_PACED more at BENCH_PACE/s), waits until all are sent and prints its figures as one JSON line.
 * `workers`: PostgreSQL store, BullMQ and the Redis rate limiter; runs the outbox workers until SIGTERM.
 */
import { createBullmqQueue } from '../src/adapters/bullmq/queue.js';
import { createPostgresStore } from '../src/adapters/postgres/store.js';
import { closeRedis, connectRedis } from '../src/adapters/redis/connect.js';
import { createSqlQueue } from '../src/adapters/sql/queue.js';
import { createSqliteStore } from '../src/adapters/sqlite/store.js';
import type { Queue, Store } from '../src/kernel/ports/index.js';
import { benchMessage, createBenchOutbox, percentile, type BenchOutbox } from './outbox-parts.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function enqueueAll(bench: BenchOutbox, from: number, count: number, perSecond?: number) {
  const users = Number(env('BENCH_USERS'));
  const prefix = env('BENCH_PREFIX');
  const started = performance.now();
  let next = from;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let n = next++; n < from + count; n = next++) {
        if (perSecond !== undefined) {
          const due = started + ((n - from) * 1000) / perSecond;
          if (due > performance.now()) await sleep(due - performance.now());
        }
        await bench.outbox.send(benchMessage(n, users, prefix));
      }
    }),
  );
}

async function waitAllSent(store: Store, total: number): Promise<void> {
  for (;;) {
    const row = await store.db
      .selectFrom('wegate_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'sent')
      .executeTakeFirstOrThrow();
    if (Number(row.n) >= total) return;
    await sleep(100);
  }
}

/** created_at → sent_at of the messages numbered [from, to), from the outbox rows. */
async function timings(store: Store, prefix: string, from: number, to: number) {
  const rows = await store.db
    .selectFrom('wegate_outbox')
    .select(['idempotency_key', 'created_at', 'sent_at'])
    .execute();
  const picked = rows.filter((r) => {
    const n = Number(r.idempotency_key.slice(prefix.length + 1));
    return n >= from && n < to;
  });
  const latencies = picked.map((r) => Number(r.sent_at) - Number(r.created_at)).sort((a, b) => a - b);
  const first = Math.min(...picked.map((r) => Number(r.created_at)));
  const last = Math.max(...picked.map((r) => Number(r.sent_at)));
  return {
    count: picked.length,
    perSecond: picked.length / ((last - first) / 1000),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1),
  };
}

async function throughput(): Promise<void> {
  const store = createSqliteStore({ file: env('BENCH_SQLITE') });
  await store.migrate();
  const kind = env('BENCH_QUEUE');
  const queue: Queue =
    kind === 'sql'
      ? createSqlQueue({ store })
      : createBullmqQueue({ connection: { url: env('BENCH_REDIS_URL') }, prefix: env('BENCH_BULL_PREFIX') });
  const bench = createBenchOutbox({
    emulatorUrl: env('BENCH_EMULATOR_URL'),
    store,
    queue,
    ratePerSecond: 1_000_000_000,
    concurrency: Number(env('BENCH_CONCURRENCY')),
  });
  const workers = bench.outbox.start();
  const n = Number(env('BENCH_N'));
  const paced = Number(env('BENCH_PACED'));
  const prefix = env('BENCH_PREFIX');
  await enqueueAll(bench, 0, n);
  await waitAllSent(store, n);
  await enqueueAll(bench, n, paced, Number(env('BENCH_PACE')));
  await waitAllSent(store, n + paced);
  const result = {
    burst: await timings(store, prefix, 0, n),
    paced: await timings(store, prefix, n, n + paced),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await workers.close();
  await queue.close();
  await bench.wechat.close();
  await store.close();
}

async function workersUntilTerm(): Promise<void> {
  const store = await createPostgresStore({
    url: env('BENCH_DATABASE_URL'),
    schema: env('BENCH_SCHEMA'),
    poolSize: 4,
  });
  const redis = await connectRedis(env('BENCH_REDIS_URL'), { name: 'wegate-bench-outbox' });
  const queue = createBullmqQueue({
    connection: { url: env('BENCH_REDIS_URL') },
    prefix: env('BENCH_BULL_PREFIX'),
  });
  const bench = createBenchOutbox({
    emulatorUrl: env('BENCH_EMULATOR_URL'),
    store,
    queue,
    ratePerSecond: Number(env('BENCH_RATE')),
    concurrency: Number(env('BENCH_CONCURRENCY')),
    redis,
  });
  const workers = bench.outbox.start();
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await workers.close();
  await queue.close();
  await bench.wechat.close();
  await closeRedis(redis);
  await store.close();
}

await (env('BENCH_ROLE') === 'throughput' ? throughput() : workersUntilTerm());
process.exit(0);
