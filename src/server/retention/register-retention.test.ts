import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { createSqlQueue } from '../../adapters/sql/queue.js';
import { createSqliteStore } from '../../adapters/sqlite/store.js';
import type { Store } from '../../kernel/ports/index.js';
import { insertJob, insertOutbox, ids } from '../../retention/retention-fixtures.test-helper.js';
import { testConfig } from '../../../test/helpers/test-config.js';
import { buildApp } from '../build-app.js';
import { createMetrics } from '../plugins/metrics.js';
import { retentionSettings } from './register-retention.js';

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('registerRetention', () => {
  let app: FastifyInstance | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await app?.close();
    await store?.close();
  });

  it("prunes once the app is ready, keeps what is younger than its kind's setting, and counts rows by kind", async () => {
    store = createSqliteStore({ file: ':memory:' });
    await store.migrate();
    const now = Date.now();
    await insertJob(store, { id: 'j-40-days', at: now - 40 * DAY, state: 'completed' });
    await insertJob(store, { id: 'j-10-days', at: now - 10 * DAY, state: 'completed' });
    await insertOutbox(store, { id: 'o-40-days', at: now - 40 * DAY, status: 'sent' });
    const deps = {
      logger: pino({ level: 'silent' }),
      store,
      cache: createMemoryCache(),
      lock: createMemoryLock(),
      queue: createSqlQueue({ store, pollIntervalMs: 20 }),
      metrics: createMetrics({ defaultMetrics: false }),
      apps: {},
    };
    app = await buildApp(testConfig({ retention: { jobs: 20, intervalMinutes: 0.05 } }), deps);
    await app.ready();
    const deadline = Date.now() + 5_000;
    while ((await ids(store, 'wegate_outbox')).length > 0 && Date.now() < deadline) await sleep(50);

    expect(await ids(store, 'wegate_outbox')).toEqual([]);
    // Completed retention jobs are themselves rows: only those younger than 15 minutes may remain.
    const jobs = (await ids(store, 'wegate_jobs')).filter((id) => id.startsWith('j-'));
    expect(jobs).toEqual(['j-10-days']);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('wegate_retention_pruned_rows_total{kind="jobs"} 1');
    expect(metrics).toContain('wegate_retention_pruned_rows_total{kind="outbox"} 1');
    expect(metrics).toContain('wegate_retention_pruned_rows_total{kind="payNotifications"} 0');
  });

  it('reads days per kind from the config, WEGATE_RETENTION_DAYS (days) for the others, 30 by default', () => {
    expect(retentionSettings()).toEqual({ days: 30, kinds: {} });
    expect(retentionSettings({ days: 0.01, jobs: 7, intervalMinutes: 1 })).toEqual({
      days: 0.01,
      kinds: { jobs: 7 },
    });
  });
});
