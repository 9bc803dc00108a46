/** @module describeStoreContract(): the behaviour every Store adapter must show. */
import { randomUUID } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobsTable, Store } from './store.types.js';

export interface StoreHarness {
  readonly store: Store;
  cleanup(): Promise<void>;
}

// 2100-01-01 plus a few ms: beyond 2^32 and far from any small-int path.
const FAR_FUTURE_MS = 4_102_444_800_123;

function jobRow(overrides: Partial<Insertable<JobsTable>> = {}): Insertable<JobsTable> {
  return {
    id: randomUUID(),
    queue: 'contract',
    idempotency_key: null,
    data: '{"n":1}',
    state: 'waiting',
    attempt: 0,
    max_attempts: 3,
    backoff: null,
    run_at: FAR_FUTURE_MS,
    lease_until: null,
    last_error: null,
    trace_context: null,
    created_at: FAR_FUTURE_MS - 1,
    updated_at: FAR_FUTURE_MS + 1,
    ...overrides,
  };
}

export function describeStoreContract(name: string, make: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;

    beforeEach(async () => {
      harness = await make();
      store = harness.store;
      await store.migrate();
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it('treats a second migrate() as a no-op and records each migration once', async () => {
      await store.db.insertInto('wegate_jobs').values(jobRow()).execute();
      await store.migrate();
      const { rows } = await sql<{ name: string }>`select name from wegate_migrations`.execute(store.db);
      expect(rows.map((r) => r.name)).toContain('0001-jobs');
      expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
      const count = await store.db
        .selectFrom('wegate_jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it('returns stored rows unchanged, with ms timestamps as numbers', async () => {
      const row = jobRow({
        idempotency_key: 'k-1',
        lease_until: FAR_FUTURE_MS + 5,
        backoff: '{"type":"fixed","delayMs":10}',
        trace_context: '{"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}',
      });
      await store.db.insertInto('wegate_jobs').values(row).execute();
      const back = await store.db
        .selectFrom('wegate_jobs')
        .selectAll()
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(back).toEqual(row);
      expect(typeof back.run_at).toBe('number');
      expect(typeof back.lease_until).toBe('number');
    });

    it('raises on a duplicate (queue, idempotency_key) and keeps the first row', async () => {
      await store.db
        .insertInto('wegate_jobs')
        .values(jobRow({ idempotency_key: 'dup', data: '"first"' }))
        .execute();
      await expect(
        store.db
          .insertInto('wegate_jobs')
          .values(jobRow({ idempotency_key: 'dup', data: '"second"' }))
          .execute(),
      ).rejects.toThrow();
      const rows = await store.db
        .selectFrom('wegate_jobs')
        .select('data')
        .where('idempotency_key', '=', 'dup')
        .execute();
      expect(rows).toEqual([{ data: '"first"' }]);
      // Keyless rows never collide, and the same key is free in another queue.
      await store.db
        .insertInto('wegate_jobs')
        .values([jobRow(), jobRow(), jobRow({ queue: 'other', idempotency_key: 'dup' })])
        .execute();
    });

    it('rolls back every write of a failed transaction', async () => {
      const kept = jobRow();
      await store.db.insertInto('wegate_jobs').values(kept).execute();
      await expect(
        store.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('wegate_jobs')
            .values(jobRow({ queue: 'rolled-back' }))
            .execute();
          await trx.updateTable('wegate_jobs').set({ state: 'dead' }).where('id', '=', kept.id).execute();
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const rows = await store.db.selectFrom('wegate_jobs').select(['queue', 'state']).execute();
      expect(rows).toEqual([{ queue: 'contract', state: 'waiting' }]);
    });

    it('keeps every write of many concurrent transactions', async () => {
      const writers = Array.from({ length: 40 }, (_, w) =>
        store.db.transaction().execute(async (trx) => {
          for (let i = 0; i < 5; i++) {
            await trx
              .insertInto('wegate_jobs')
              .values(jobRow({ queue: `w${w}`, idempotency_key: `k${i}` }))
              .execute();
          }
        }),
      );
      await Promise.all(writers);
      const rows = await store.db.selectFrom('wegate_jobs').select(['queue', 'idempotency_key']).execute();
      expect(rows).toHaveLength(200);
      expect(new Set(rows.map((r) => `${r.queue}/${r.idempotency_key}`)).size).toBe(200);
    });
  });
}
