/**
 * @module Outbox bench: `node --import tsx bench/outbox.ts`.
 * (a) delivery throughput and enqueue → sent latency, rate limits off: one outbox process on SQLite with
 * the embedded SQL queue, then on BullMQ; (b) a 200/s limit per app and API held by three outbox
 * processes sharing PostgreSQL, BullMQ and the Redis rate limiter. The emulator runs in this process and
 * its inboxes are the ground truth: every figure of (b) and every count of (a) is read from them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createBullmqQueue } from '../src/adapters/bullmq/queue.js';
import { startEmulator, type RunningEmulator } from '../src/emulator/index.js';
import { createTestSchemaStore, testDatabaseUrl } from '../test/helpers/postgres.js';
import { createTestRedis, deleteKeysWithPrefix, testRedisUrl } from '../test/helpers/redis.js';
import { APP, benchMessage, createBenchOutbox, TEMPLATE } from './outbox-parts.js';
import { limitReport, throughputReport, type LimitRun, type ThroughputRun } from './outbox-report.js';

const N = Number(process.env.BENCH_N ?? 5000);
const PACED = Number(process.env.BENCH_PACED ?? 500);
const PACE = Number(process.env.BENCH_PACE ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const USERS = 50;
// 0 = no limit: what the three processes deliver flat out on this machine, the baseline of the run.
const RATES = (process.env.BENCH_RATES ?? '0,200,100').split(',').map(Number);
const UNLIMITED = 1_000_000;
const UNLIMITED_TOTAL = 4000;
const PROCESSES = 3;
const STEADY_S = Number(process.env.BENCH_STEADY_S ?? 15);
const WARMUP_S = 2;

function child(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'outbox-worker.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function firstLine(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    lines.once('line', (line) => resolve(line));
    proc.once('exit', (code) => reject(new Error(`outbox process exited with ${code}`)));
  });
}

function seed(emulator: RunningEmulator, prefix: string): void {
  emulator.world.messaging.putTemplate({ appid: APP.appid, templateId: TEMPLATE, keys: ['first'] });
  for (let u = 0; u < USERS; u += 1) emulator.world.users.follow(APP.appid, `${prefix}${u}`);
}

/** Delivery times (emulator clock) of the run's template messages, and how often each number arrived. */
function deliveries(emulator: RunningEmulator, prefix: string) {
  const at: number[] = [];
  const seen = new Map<string, number>();
  for (let u = 0; u < USERS; u += 1) {
    for (const entry of emulator.world.users.inbox(APP.appid, `${prefix}${u}`)) {
      if (entry.via !== 'template') continue;
      at.push(entry.at);
      const n = String((entry.message['data'] as { first: { value: string } }).first.value);
      seen.set(n, (seen.get(n) ?? 0) + 1);
    }
  }
  return { at: at.sort((a, b) => a - b), distinct: seen.size, duplicates: at.length - seen.size };
}

async function throughputRun(emulator: RunningEmulator, queue: 'sql' | 'bullmq'): Promise<ThroughputRun> {
  const prefix = `o${queue}${randomBytes(3).toString('hex')}-`;
  seed(emulator, prefix);
  const dir = mkdtempSync(join(tmpdir(), 'wegate-bench-outbox-'));
  const bullPrefix = `wegate-bench:${randomBytes(4).toString('hex')}`;
  try {
    const proc = child({
      BENCH_ROLE: 'throughput',
      BENCH_QUEUE: queue,
      BENCH_SQLITE: join(dir, 'outbox.sqlite'),
      BENCH_REDIS_URL: testRedisUrl(),
      BENCH_BULL_PREFIX: bullPrefix,
      BENCH_EMULATOR_URL: emulator.url,
      BENCH_N: String(N),
      BENCH_PACED: String(PACED),
      BENCH_PACE: String(PACE),
      BENCH_USERS: String(USERS),
      BENCH_PREFIX: prefix,
      BENCH_CONCURRENCY: String(CONCURRENCY),
    });
    const result = JSON.parse(await firstLine(proc)) as Omit<ThroughputRun, 'queue' | 'delivered'>;
    return { queue, ...result, delivered: deliveries(emulator, prefix) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (queue === 'bullmq') {
      const redis = await createTestRedis('bench-outbox');
      await deleteKeysWithPrefix(redis.redis, bullPrefix);
      await redis.cleanup();
    }
  }
}

async function limitRun(emulator: RunningEmulator, rate: number): Promise<LimitRun> {
  const prefix = `olimit${randomBytes(3).toString('hex')}-`;
  seed(emulator, prefix);
  const total = rate === 0 ? UNLIMITED_TOTAL : rate * (WARMUP_S + STEADY_S + 3);
  const points = rate === 0 ? UNLIMITED : rate;
  const schema = await createTestSchemaStore('wegate_bench_outbox');
  const bullPrefix = `wegate-bench:${randomBytes(4).toString('hex')}`;
  const redisUrl = testRedisUrl();
  const procs: ChildProcess[] = [];
  try {
    await schema.store.migrate();
    // Everything is queued before the workers start: a backlog far above the limit the whole time.
    const queue = createBullmqQueue({ connection: { url: redisUrl }, prefix: bullPrefix });
    const producer = createBenchOutbox({
      emulatorUrl: emulator.url,
      store: schema.store,
      queue,
      ratePerSecond: points,
      concurrency: 1,
    });
    for (let n = 0; n < total; n += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, total - n) }, (_, i) =>
          producer.outbox.send(benchMessage(n + i, USERS, prefix)),
        ),
      );
    }
    await queue.close();
    await producer.wechat.close();
    const env = {
      BENCH_ROLE: 'workers',
      BENCH_DATABASE_URL: testDatabaseUrl(),
      BENCH_SCHEMA: schema.schema,
      BENCH_REDIS_URL: redisUrl,
      BENCH_BULL_PREFIX: bullPrefix,
      BENCH_EMULATOR_URL: emulator.url,
      BENCH_RATE: String(points),
      BENCH_CONCURRENCY: String(CONCURRENCY),
    };
    for (let i = 0; i < PROCESSES; i += 1) procs.push(child(env));
    await Promise.all(procs.map(firstLine));
    const deadline = Date.now() + (total / (rate || 100) + 60) * 1000;
    while (deliveries(emulator, prefix).at.length < total && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
    }
    return {
      total,
      rate,
      processes: PROCESSES,
      warmupS: WARMUP_S,
      steadyS: STEADY_S,
      delivered: deliveries(emulator, prefix),
    };
  } finally {
    await Promise.all(
      procs.map(
        (p) => new Promise((r) => (p.exitCode !== null ? r(null) : (p.once('exit', r), p.kill('SIGTERM')))),
      ),
    );
    await schema.cleanup();
    const redis = await createTestRedis('bench-outbox');
    await deleteKeysWithPrefix(redis.redis, bullPrefix);
    await redis.cleanup();
  }
}

const emulator = await startEmulator({ port: 0, host: '127.0.0.1', config: { apps: { bench: APP } } });
try {
  const only = process.env.BENCH_ONLY;
  const runs: ThroughputRun[] = [];
  if (only === undefined || only === 'throughput') {
    for (const queue of ['sql', 'bullmq'] as const) runs.push(await throughputRun(emulator, queue));
  }
  const limits: LimitRun[] = [];
  if (only === undefined || only === 'limit')
    for (const rate of RATES) limits.push(await limitRun(emulator, rate));
  console.log(
    `Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${platform()} ${release()}, Node ${process.version}`,
  );
  if (runs.length > 0)
    console.log(throughputReport(runs, { n: N, paced: PACED, pace: PACE, concurrency: CONCURRENCY }));
  if (limits.length > 0) console.log(limitReport(limits));
} finally {
  await emulator.close();
}
