/**
 * The outbox workers in a process of their own, for the fault e2e tests and `npm run stress:outbox`: they
 * share the store (a SQLite file) and the queue (its jobs table, or BullMQ under WORKER_PREFIX) with the
 * test, and call the emulator at WORKER_API_BASE. Short leases, so the jobs of a killed worker come back
 * within seconds. Prints {"ready":true} once its workers run.
 */
import { pino } from 'pino';
import { createMemoryCache, createMemoryLock } from '../../src/adapters/memory/index.js';
import { createMemoryRateLimiter } from '../../src/adapters/memory/rate-limiter.js';
import { createBullmqQueue } from '../../src/adapters/bullmq/queue.js';
import { createSqlQueue } from '../../src/adapters/sql/queue.js';
import { createSqliteStore } from '../../src/adapters/sqlite/store.js';
import type { WegateConfig } from '../../src/config/config.types.js';
import type { Queue } from '../../src/kernel/ports/index.js';
import { createOutbox, type OutboxOptions } from '../../src/outbox/index.js';
import { createWeChatApps } from '../../src/server/create-wechat-apps.js';
import { createMetrics } from '../../src/server/plugins/metrics.js';
import { testConfig } from './test-config.js';

/** How long a job stays claimed by a silent worker: the time a killed worker's jobs wait. */
const WORKER_LEASE_MS = 3_000;

const env = process.env;
const logger = pino({ level: 'silent' });
const store = createSqliteStore({ file: env.WORKER_SQLITE_FILE! });
const queue: Queue =
  env.WORKER_QUEUE === 'bullmq'
    ? createBullmqQueue({
        connection: { url: env.WORKER_REDIS_URL! },
        prefix: env.WORKER_PREFIX!,
        lockDurationMs: WORKER_LEASE_MS,
        stalledIntervalMs: 1_000,
      })
    : createSqlQueue({ store, pollIntervalMs: 20, leaseMs: WORKER_LEASE_MS });
const config = testConfig({ sandbox: false, apps: JSON.parse(env.WORKER_APPS!) as WegateConfig['apps'] });
const wechat = createWeChatApps(config, {
  cache: createMemoryCache(),
  lock: createMemoryLock(),
  logger,
  metrics: createMetrics({ defaultMetrics: false }),
  baseUrl: () => env.WORKER_API_BASE!,
});
const outbox = createOutbox(JSON.parse(env.WORKER_OUTBOX ?? '{}') as OutboxOptions, {
  store,
  queue,
  apps: wechat.apps,
  rateLimiter: createMemoryRateLimiter,
});
const workers = outbox.start();
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
process.once('SIGTERM', () => {
  void workers
    .close()
    .then(() => queue.close())
    .then(() => wechat.close())
    .then(() => store.close())
    .then(() => process.exit(0));
});
