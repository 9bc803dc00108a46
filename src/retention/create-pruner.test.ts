import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../adapters/sqlite/store.js';
import type { Queue, Store } from '../kernel/ports/index.js';
import { createTestSchemaStore } from '../../test/helpers/postgres.js';
import { createPruner } from './create-pruner.js';
import {
  ids,
  insertJob,
  insertNotification,
  insertOutbox,
  insertRefreshToken,
} from './retention-fixtures.test-helper.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const clock = { now: () => NOW };

interface Backend {
  store: Store;
  reset(): Promise<void>;
  cleanup(): Promise<void>;
}

const TABLES = [
  'wegate_jobs',
  'wegate_outbox',
  'wegate_pay_notifications',
  'wegate_refresh_tokens',
  'wegate_users',
] as const;

const backends: Record<string, () => Promise<Backend>> = {
  SQLite: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wegate-retention-'));
    const store = createSqliteStore({ file: join(dir, 'r.db') });
    await store.migrate();
    return {
      store,
      reset: () => wipe(store),
      cleanup: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })),
    };
  },
  PostgreSQL: async () => {
    const t = await createTestSchemaStore('wegate_retention');
    await t.store.migrate();
    return { store: t.store, reset: () => wipe(t.store), cleanup: () => t.cleanup() };
  },
};

async function wipe(store: Store): Promise<void> {
  for (const table of TABLES) await store.db.deleteFrom(table).execute();
}

describe.each(Object.keys(backends))('createPruner (%s)', (label) => {
  let backend: Backend;
  const store = () => backend.store;
  beforeEach(async () => {
    backend ??= await (backends[label] as () => Promise<Backend>)();
    await backend.reset();
  });
  afterAll(async () => backend?.cleanup());

  it('prunes finished rows past their retention and keeps recent, pending and unprocessed ones', async () => {
    const old = NOW - 8 * DAY;
    const recent = NOW - 6 * DAY;
    await insertJob(store(), { id: 'j-old-done', at: old, state: 'completed' });
    await insertJob(store(), { id: 'j-recent-done', at: recent, state: 'completed' });
    await insertJob(store(), { id: 'j-old-waiting', at: old, state: 'waiting' });
    await insertJob(store(), { id: 'j-old-delayed', at: old, state: 'delayed' });
    await insertJob(store(), { id: 'j-old-dead', at: old, state: 'dead' });
    await insertOutbox(store(), { id: 'o-old-sent', at: old, status: 'sent' });
    await insertOutbox(store(), { id: 'o-old-skipped', at: old, status: 'skipped' });
    await insertOutbox(store(), { id: 'o-old-queued', at: old, status: 'queued' });
    await insertOutbox(store(), { id: 'o-old-failed', at: old, status: 'failed' });
    await insertOutbox(store(), { id: 'o-recent-sent', at: recent, status: 'sent' });
    await insertNotification(store(), {
      id: 'n-old-dispatched',
      at: old,
      businessEvent: 'pay.transaction.success',
      dispatched: true,
    });
    await insertNotification(store(), {
      id: 'n-old-nothing-to-do',
      at: old,
      businessEvent: null,
      dispatched: false,
    });
    await insertNotification(store(), {
      id: 'n-old-undispatched',
      at: old,
      businessEvent: 'pay.transaction.success',
      dispatched: false,
    });
    await insertRefreshToken(store(), { id: 'r-expired-long-ago', at: old });
    await insertRefreshToken(store(), { id: 'r-still-valid', at: NOW + 20 * DAY });
    const pruner = createPruner({ store: store(), clock, settings: { days: 7, kinds: { deadLetters: 30 } } });

    const report = await pruner.runOnce();

    expect(report.pruned).toEqual({
      jobs: 1,
      deadLetters: 0,
      outbox: 2,
      payNotifications: 2,
      refreshTokens: 1,
    });
    expect(report.complete).toBe(true);
    expect(await ids(store(), 'wegate_jobs')).toEqual([
      'j-old-dead',
      'j-old-delayed',
      'j-old-waiting',
      'j-recent-done',
    ]);
    expect(await ids(store(), 'wegate_outbox')).toEqual(['o-old-failed', 'o-old-queued', 'o-recent-sent']);
    expect(await ids(store(), 'wegate_pay_notifications')).toEqual(['n-old-undispatched']);
    expect(await ids(store(), 'wegate_refresh_tokens')).toEqual(['r-still-valid']);
  });

  it('keeps rows an idempotency check may still read, however short the setting', async () => {
    await insertJob(store(), { id: 'j-10-min', at: NOW - 10 * MIN, state: 'completed' });
    await insertJob(store(), { id: 'j-20-min', at: NOW - 20 * MIN, state: 'completed' });
    await insertOutbox(store(), { id: 'o-10-min', at: NOW - 10 * MIN, status: 'sent' });
    await insertOutbox(store(), { id: 'o-20-min', at: NOW - 20 * MIN, status: 'sent' });
    await insertNotification(store(), {
      id: 'n-20-hours',
      at: NOW - 20 * HOUR,
      businessEvent: null,
      dispatched: false,
    });
    await insertNotification(store(), {
      id: 'n-26-hours',
      at: NOW - 26 * HOUR,
      businessEvent: null,
      dispatched: false,
    });
    // 0.001 days is 86.4 s: below every floor but the refresh tokens'.
    const pruner = createPruner({ store: store(), clock, settings: { days: 0.001 } });

    await pruner.runOnce();

    expect(await ids(store(), 'wegate_jobs')).toEqual(['j-10-min']);
    expect(await ids(store(), 'wegate_outbox')).toEqual(['o-10-min']);
    expect(await ids(store(), 'wegate_pay_notifications')).toEqual(['n-20-hours']);
    expect(pruner.keptMs('jobs')).toBe(15 * MIN);
    expect(pruner.keptMs('payNotifications')).toBe(25 * HOUR);
  });

  it('deletes in batches of batchSize, at most maxBatches a run, and finishes on the next run', async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => ({
      id: `j-${String(i).padStart(5, '0')}`,
      queue: 'outbox.send',
      idempotency_key: null,
      data: '{}',
      state: 'completed',
      attempt: 1,
      max_attempts: 5,
      backoff: null,
      run_at: NOW - 40 * DAY,
      lease_until: null,
      last_error: null,
      created_at: NOW - 40 * DAY,
      updated_at: NOW - 40 * DAY,
    }));
    for (let i = 0; i < rows.length; i += 500)
      await store()
        .db.insertInto('wegate_jobs')
        .values(rows.slice(i, i + 500))
        .execute();
    const batches: number[] = [];
    const pruner = createPruner({
      store: store(),
      clock,
      settings: { days: 30 },
      batchSize: 1_000,
      maxBatches: 2,
      onPruned: (kind, n) => kind === 'jobs' && batches.push(n),
    });

    const first = await pruner.runOnce();
    expect(batches).toEqual([1_000, 1_000]);
    expect(first).toMatchObject({ complete: false, pruned: { jobs: 2_000 } });
    expect(await ids(store(), 'wegate_jobs')).toHaveLength(500);

    const second = await pruner.runOnce();
    expect(batches).toEqual([1_000, 1_000, 500]);
    expect(second).toMatchObject({ complete: true, pruned: { jobs: 500 } });
    expect(await ids(store(), 'wegate_jobs')).toEqual([]);
  });
});

describe('createPruner with a queue kept outside the store', () => {
  it('prunes its completed and dead jobs through the port, in batches, never younger than the floor', async () => {
    const jobs = [
      ...Array.from({ length: 5 }, () => ({ state: 'completed', ageMs: 10 * DAY })),
      { state: 'completed', ageMs: 10 * MIN },
      { state: 'dead', ageMs: 10 * DAY },
      { state: 'waiting', ageMs: 10 * DAY },
    ];
    const calls: number[] = [];
    const queue = {
      async prune(state: 'completed' | 'dead', olderThanMs: number, limit: number) {
        calls.push(olderThanMs);
        const gone = jobs.filter((j) => j.state === state && j.ageMs > olderThanMs).slice(0, limit);
        gone.forEach((j) => jobs.splice(jobs.indexOf(j), 1));
        return gone.length;
      },
    } as unknown as Queue;
    const store = createSqliteStore({ file: ':memory:' });
    await store.migrate();
    const pruner = createPruner({ store, queue, clock, settings: { days: 0.001 }, batchSize: 2 });

    const report = await pruner.runOnce();
    await store.close();

    expect(report.pruned).toMatchObject({ jobs: 5, deadLetters: 1 });
    expect(jobs.map((j) => j.state).sort()).toEqual(['completed', 'waiting']);
    expect(Math.min(...calls)).toBe(15 * MIN);
  });
});
