import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlQueue } from '../adapters/sql/queue.js';
import { createSqliteStore } from '../adapters/sqlite/store.js';
import type { Store } from '../kernel/ports/store.types.js';
import { createTestSchemaStore } from '../../test/helpers/postgres.js';
import { createAudit } from './create-audit.js';

interface Backend {
  readonly store: Store;
  /** Another connection to the same database (another process, in effect). */
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-audit-'));
  const store = createSqliteStore({ file: join(dir, 'wegate.db') });
  await store.migrate();
  return {
    store,
    // better-sqlite3 waits for another connection's lock synchronously, so connections of one process
    // would block each other: this process shares its one connection (audit-processes.test.ts runs several).
    open: async () => store,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresBackend(): Promise<Backend> {
  const t = await createTestSchemaStore('wegate_audit');
  await t.store.migrate();
  return { store: t.store, open: () => t.open(), cleanup: () => t.cleanup() };
}

const entry = (n: number) => ({
  actor: `user:u${n % 3}`,
  action: n % 2 === 0 ? 'auth.login' : 'phone.read',
  target: `user:u${n % 3}`,
  before: { n },
  after: { n: n + 1 },
  ip: '203.0.113.9',
  userAgent: 'MicroMessenger/8.0',
  result: 'ok',
  traceId: `req-${n}`,
});

describe.each([
  ['SQLite', sqliteBackend],
  ['PostgreSQL', postgresBackend],
])('audit log on %s', (_name, backendOf) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await backendOf();
  });
  afterAll(() => backend.cleanup());

  it('chains records written by several connections at once without forking, and the chain verifies', async () => {
    const stores = [backend.store, await backend.open(), await backend.open()];
    const audits = stores.map((store) => createAudit({ store }));
    await Promise.all(
      Array.from({ length: 60 }, async (_, n) => {
        const audit = audits[n % 3]!;
        await audit.record(entry(n));
        if (n % 7 === 0) await audit.seal();
      }),
    );
    await Promise.all(audits.map((a) => a.seal()));
    const seqs = await backend.store.db
      .selectFrom('wegate_audit_records')
      .select('seq')
      .orderBy('seq')
      .execute();
    expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(await audits[0]!.verify()).toEqual({ ok: true, checked: 60, unsealed: 0 });
  });

  it('writes a record in the operation transaction: rolled back with it, committed with it', async () => {
    const audit = createAudit({ store: backend.store });
    await backend.store.db
      .transaction()
      .execute(async (trx) => {
        await audit.recordInTransaction(trx, { ...entry(1), action: 'test.rolled-back' });
        throw new Error('operation failed');
      })
      .catch(() => undefined);
    await backend.store.db
      .transaction()
      .execute((trx) => audit.recordInTransaction(trx, { ...entry(2), action: 'test.committed' }));
    expect((await audit.query({ action: 'test.rolled-back' })).items).toEqual([]);
    expect((await audit.query({ action: 'test.committed' })).items).toHaveLength(1);
  });

  it('names the first record whose field was edited in the database', async () => {
    const audit = createAudit({ store: backend.store });
    await audit.seal();
    const victim = await backend.store.db
      .selectFrom('wegate_audit_records')
      .select(['id', 'seq'])
      .where('seq', '=', 5)
      .executeTakeFirstOrThrow();
    await backend.store.db
      .updateTable('wegate_audit_records')
      .set({ result: 'denied' })
      .where('id', '=', victim.id)
      .execute();
    const verdict = await audit.verify();
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.first).toEqual({
      id: victim.id,
      seq: 5,
      reason: 'its hash does not match its content',
    });
    await backend.store.db
      .updateTable('wegate_audit_records')
      .set({ result: 'ok' })
      .where('id', '=', victim.id)
      .execute();
    expect((await audit.verify()).ok).toBe(true);
  });

  it('finds a deleted record and records cut off the end', async () => {
    const audit = createAudit({ store: backend.store });
    const rows = await backend.store.db
      .selectFrom('wegate_audit_records')
      .selectAll()
      .orderBy('seq')
      .execute();
    const [, second, third] = rows;
    await backend.store.db.deleteFrom('wegate_audit_records').where('id', '=', second!.id).execute();
    const gap = await audit.verify();
    expect(!gap.ok && gap.first).toEqual({ id: third!.id, seq: 3, reason: 'seq 2 is missing before it' });
    await backend.store.db.insertInto('wegate_audit_records').values(second!).execute();
    const last = rows.at(-1)!;
    await backend.store.db.deleteFrom('wegate_audit_records').where('id', '=', last.id).execute();
    const cut = await audit.verify();
    expect(!cut.ok && cut.first.seq).toBe(last.seq);
    await backend.store.db.insertInto('wegate_audit_records').values(last).execute();
    expect((await audit.verify()).ok).toBe(true);
  });

  it('filters by action, user and time and pages newest first', async () => {
    const audit = createAudit({ store: backend.store });
    const all = [];
    let cursor: string | undefined;
    do {
      const page = await audit.query({
        userId: 'u1',
        action: 'auth.login',
        limit: 4,
        ...(cursor ? { cursor } : {}),
      });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all.length).toBe(10);
    expect(all.every((r) => r.action === 'auth.login' && r.actor === 'user:u1')).toBe(true);
    const ats = all.map((r) => r.at);
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);
    expect(new Set(all.map((r) => r.id)).size).toBe(10);
    expect(all[0]).toMatchObject({
      ip: '203.0.113.9',
      userAgent: 'MicroMessenger/8.0',
      before: { n: expect.any(Number) },
    });
    expect((await audit.query({ since: Date.now() + 60_000 })).items).toEqual([]);
  });

  it('prunes old records and keeps an anchor so the rest still verifies', async () => {
    const day = 86_400_000;
    const now = Date.now();
    const audit = createAudit({ store: backend.store, now: () => now });
    await sql`update wegate_audit_records set at = ${now - 40 * day} where seq <= 10`.execute(
      backend.store.db,
    );
    // Moving `at` changed those records: re-chain from scratch as a fresh log would have them.
    const columns = sql.raw('id, at, actor, action, target, before, after, ip, user_agent, result, trace_id');
    await sql`insert into wegate_audit_pending (${columns}) select ${columns} from wegate_audit_records`.execute(
      backend.store.db,
    );
    await sql`delete from wegate_audit_records`.execute(backend.store.db);
    await sql`update wegate_audit_head set seq = 0, hash = ${'0'.repeat(64)}, anchor_seq = 0, anchor_hash = ${'0'.repeat(64)}`.execute(
      backend.store.db,
    );
    await audit.seal();
    const total = (await audit.verify()).checked;
    expect(await audit.prune(30)).toBe(10);
    expect(await audit.verify()).toEqual({ ok: true, checked: total - 10, unsealed: 0 });
    expect(await audit.prune(30)).toBe(0);
  });

  it('answers queries with records still waiting for the sealer, paged together with sealed ones', async () => {
    const audit = createAudit({ store: backend.store });
    const base = Date.now() + 3_600_000;
    const write = (n: number) =>
      audit.record({ ...entry(n), action: 'test.mixed', at: base + n, traceId: `mixed-${n}` });
    for (let n = 0; n < 5; n += 1) await write(n);
    await audit.seal();
    for (let n = 5; n < 10; n += 1) await write(n);
    const seen = [];
    let cursor: string | undefined;
    do {
      const page = await audit.query({ action: 'test.mixed', limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.map((r) => r.traceId)).toEqual(Array.from({ length: 10 }, (_, i) => `mixed-${9 - i}`));
    expect(seen.slice(0, 5).every((r) => r.seq === null && r.hash === null)).toBe(true);
    expect(seen.slice(5).every((r) => typeof r.seq === 'number' && typeof r.hash === 'string')).toBe(true);
    expect((await audit.verify()).unsealed).toBe(5);
    await audit.seal();
    const sealed = (await audit.query({ action: 'test.mixed' })).items;
    expect(sealed.map((r) => r.traceId)).toEqual(seen.map((r) => r.traceId));
    expect(sealed.every((r) => r.seq !== null)).toBe(true);
    expect(await audit.verify()).toMatchObject({ ok: true, unsealed: 0 });
  });

  it('chains a record once when its write arrives again after it was sealed', async () => {
    const audit = createAudit({ store: backend.store });
    await audit.record({ ...entry(1), action: 'test.again' });
    await audit.seal();
    const [first] = (await audit.query({ action: 'test.again' })).items;
    const {
      seq: _seq,
      hash: _hash,
      ...waiting
    } = await backend.store.db
      .selectFrom('wegate_audit_records')
      .selectAll()
      .where('id', '=', first!.id)
      .executeTakeFirstOrThrow();
    // A queue job retried after its first run was written and sealed writes the same row again.
    await backend.store.db.insertInto('wegate_audit_pending').values(waiting).execute();
    expect(await audit.seal()).toBe(0);
    const again = (await audit.query({ action: 'test.again' })).items;
    expect(again).toHaveLength(1);
    expect(again[0]!.seq).toBe(first!.seq);
    expect(await audit.verify()).toMatchObject({ ok: true, unsealed: 0 });
  });

  it('writes queued records through the durable queue and seals them', async () => {
    const queue = createSqlQueue({ store: backend.store, pollIntervalMs: 20 });
    const audit = createAudit({ store: backend.store, queue, sealEveryMs: 50 });
    const running = audit.start();
    try {
      await audit.record({
        actor: 'key:gateway',
        action: 'gateway.call',
        target: 'oa:/cgi-bin/menu/get',
        result: 'ok',
      });
      await expect
        .poll(async () => (await audit.query({ action: 'gateway.call' })).items[0]?.seq ?? null, {
          timeout: 5000,
        })
        .not.toBeNull();
      expect((await audit.verify()).ok).toBe(true);
    } finally {
      await running.close();
      await queue.close();
    }
  });
});
