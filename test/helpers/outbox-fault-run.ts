/**
 * One run of the outbox fault scenario: a sandbox server (emulator + /api/messages, its outbox only
 * enqueues) and the outbox workers in a child process (test/helpers/outbox-worker.ts) sharing its SQLite
 * file and queue; faults on the send path; optionally the worker SIGKILLed mid-run and a new one started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createBullmqQueue } from '../../src/adapters/bullmq/queue.js';
import { createSqlQueue } from '../../src/adapters/sql/queue.js';
import type { JobRecord, Queue, Store } from '../../src/kernel/ports/index.js';
import { OUTBOX_SEND_JOB, type OutboxMessage, type OutboxOptions } from '../../src/outbox/index.js';
import { toOutboxMessage } from '../../src/outbox/outbox-rows.js';
import * as plan from './outbox-fault-plan.js';
import { startOutboxServer, type Json, type OutboxServer } from './outbox-server.js';
import { createTestRedis, testRedisUrl } from './redis.js';
import { ROOT } from './run-cli.js';

const WORKER = fileURLToPath(new URL('./outbox-worker.ts', import.meta.url));
const WORKER_OUTBOX: OutboxOptions = {
  backoffMs: 10,
  attempts: 20,
  concurrency: 16,
  rateLimit: { points: 5000, durationMs: 1000 },
};
/** Calls held open (already delivered) when the worker is killed. */
const HELD_CALLS = 6;

export interface FaultRunOptions {
  readonly queue: 'sql' | 'bullmq';
  readonly kind: plan.FaultKind;
  readonly messages: number;
  readonly followers: number;
  /** SIGKILL the worker once this share of the messages is sent; no kill when absent. */
  readonly killAt?: number;
  readonly timeoutMs?: number;
}

export interface FaultRun {
  readonly report: plan.FaultReport;
  readonly rows: OutboxMessage[];
  readonly deliveries: Map<string, number>;
  readonly deadLetters: JobRecord<{ id: string }>[];
  /** Keys of the messages the killed worker had delivered but not recorded as sent. */
  readonly crashKeys: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's side of the queue: it enqueues, and leaves the processing to the worker process. */
const enqueueOnly = (queue: Queue): Queue => ({
  ...queue,
  process: () => ({ close: async () => undefined }),
});

export async function runOutboxFaults(o: FaultRunOptions): Promise<FaultRun> {
  const redis = o.queue === 'bullmq' ? await createTestRedis(`outbox-faults-${o.kind}`) : undefined;
  const prefix = redis ? `${redis.prefix}bull` : '';
  let queue: Queue | undefined;
  const s = await startOutboxServer({
    // Retry settings travel with each job from the enqueuing side.
    outbox: WORKER_OUTBOX,
    queue: (store: Store) =>
      enqueueOnly(
        (queue = redis
          ? createBullmqQueue({ connection: { url: testRedisUrl() }, prefix })
          : createSqlQueue({ store })),
      ),
  });
  const workers = new Set<ChildProcess>();
  try {
    return await drive(s, o, { prefix, workers, queue: queue! });
  } finally {
    await Promise.all([...workers].map((child) => stopWorker(child)));
    await s.close();
    await redis?.cleanup();
  }
}

interface RunContext {
  /** The server's queue: the dead-letter list is read from it. */
  readonly queue: Queue;
  readonly prefix: string;
  readonly workers: Set<ChildProcess>;
}

async function drive(s: OutboxServer, o: FaultRunOptions, ctx: RunContext): Promise<FaultRun> {
  const started = Date.now();
  const deadline = started + (o.timeoutMs ?? 120_000);
  await seed(s, o);
  for (const fault of plan.faultSpecs(o.kind, o.messages)) await s.emulator('/faults', fault);
  const start = () => startWorker(s, o, ctx);
  // Everything is queued before the worker starts: it then drains the backlog under the faults.
  const enqueueStarted = Date.now();
  await enqueueAll(s, o);
  const drainStarted = Date.now();
  let worker = await start();
  let crashKeys: string[] = [];
  if (o.killAt !== undefined) {
    await until(deadline, async () => (await countSent(store(s))) >= o.messages * o.killAt!);
    crashKeys = await killMidCall(s, o, worker);
    ctx.workers.delete(worker);
    worker = await start();
  }
  await until(deadline, async () => (await countUnfinished(store(s))) === 0);
  const drainMs = Date.now() - drainStarted;
  const rows = await allRows(store(s));
  const deliveries = plan.countDeliveries(o.kind, await inboxes(s, o));
  const deadLetters = await ctx.queue.deadLetters<{ id: string }>(OUTBOX_SEND_JOB, 100_000);
  const stats = (await s.call('GET', '/__emulator/stats')).json as Json;
  const appid = s.config.apps['oa']!.appid;
  const deduped = Number(stats['apps'][appid]?.calls[plan.pathOf(o.kind)]?.deduped ?? 0);
  const report = plan.summarize({
    queue: o.queue === 'sql' ? 'SQL (SQLite)' : 'BullMQ (Redis)',
    kind: o.kind,
    rows,
    deliveries,
    crashWindow: crashKeys.length,
    deduped,
    enqueueMs: drainStarted - enqueueStarted,
    drainMs,
  });
  return { report, rows, deliveries, deadLetters, crashKeys };
}

const store = (s: OutboxServer): Store => s.runtime.deps.store;

async function seed(s: OutboxServer, o: FaultRunOptions): Promise<void> {
  const appid = s.config.apps['oa']!.appid;
  await s.emulator('/templates', { appid, template_id: 'T', keys: ['n'] });
  const say = (openid: string, Event: string) =>
    s.emulator('/users/send', { app: 'oa', openid, message: { Event } });
  await pool(o.followers, 8, (u) => say(plan.follower(u, o.followers), 'subscribe'));
  await pool(plan.GONE_USERS, 8, async (u) => {
    await say(`oGone${u}`, 'subscribe');
    await say(`oGone${u}`, 'unsubscribe');
  });
}

async function enqueueAll(s: OutboxServer, o: FaultRunOptions): Promise<void> {
  await pool(o.messages, 16, async (i) => {
    const res = await s.call('POST', '/api/messages', plan.messageBody(o.kind, i, o.followers), s.key);
    if (res.status !== 200) throw new Error(`enqueue ${i}: ${res.status} ${JSON.stringify(res.json)}`);
  });
}

/**
 * Holds the next calls open after WeChat has delivered them (a long `after` latency), kills the worker
 * while they hang, and returns the messages it delivered without recording them.
 */
async function killMidCall(s: OutboxServer, o: FaultRunOptions, worker: ChildProcess): Promise<string[]> {
  const path = plan.pathOf(o.kind);
  const held = await s.emulator('/faults', {
    path,
    kind: 'latency',
    latencyMs: 20_000,
    phase: 'after',
    count: HELD_CALLS,
  });
  const heldId = held['fault'].id as string;
  await until(Date.now() + 30_000, async () => {
    const { faults } = (await s.call('GET', '/__emulator/faults')).json as { faults: Json[] };
    return !faults.some((f) => f['id'] === heldId);
  });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGKILL');
  await exited;
  const deliveries = plan.countDeliveries(o.kind, await inboxes(s, o));
  const rows = await allRows(store(s));
  // `sending`: the dead worker's call was under way; the inbox says WeChat had delivered it.
  return rows.filter((r) => r.status === 'sending' && deliveries.has(plan.rowKey(r))).map(plan.rowKey);
}

async function startWorker(s: OutboxServer, o: FaultRunOptions, ctx: RunContext): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: ROOT,
    env: {
      ...process.env,
      WORKER_SQLITE_FILE: join(s.config.dataDir, 'wegate.db'),
      WORKER_QUEUE: o.queue,
      WORKER_REDIS_URL: testRedisUrl(),
      WORKER_PREFIX: ctx.prefix,
      WORKER_API_BASE: s.url,
      WORKER_APPS: JSON.stringify(s.config.apps),
      WORKER_OUTBOX: JSON.stringify(WORKER_OUTBOX),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  ctx.workers.add(child);
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`outbox worker exited with ${code}`)));
    lines.on('line', (line) => {
      if ((JSON.parse(line) as { ready?: boolean }).ready) resolve();
    });
  });
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function inboxes(s: OutboxServer, o: FaultRunOptions): Promise<Json[][]> {
  const users = Array.from({ length: o.followers }, (_, u) => plan.follower(u, o.followers));
  // The users who unfollowed too: nothing may reach them.
  users.push(...Array.from({ length: plan.GONE_USERS }, (_, u) => `oGone${u}`));
  const result: Json[][] = [];
  await pool(users.length, 8, async (u) => void (result[u] = await s.inbox('oa', users[u]!)));
  return result;
}

async function allRows(db: Store): Promise<OutboxMessage[]> {
  const rows = await db.db.selectFrom('wegate_outbox').selectAll().execute();
  return rows.map(toOutboxMessage);
}

async function countSent(db: Store): Promise<number> {
  const row = await db.db
    .selectFrom('wegate_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function countUnfinished(db: Store): Promise<number> {
  const row = await db.db
    .selectFrom('wegate_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'not in', ['sent', 'dead'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function until(deadline: number, check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('outbox fault run: timed out');
    await sleep(100);
  }
}

/** Runs task(0..n-1) with at most `width` at a time. */
async function pool(n: number, width: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, n) }, lane));
}
