/**
 * Migration 0011 on a database an earlier release left with records not sealed yet: they move to the
 * waiting table, the sealer chains them from there, and the chain verifies (SQLite and PostgreSQL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../adapters/sqlite/store.js';
import { migrateStore } from '../../adapters/sql/migrate-store.js';
import { migrations } from '../../adapters/sql/migrations/index.js';
import type { Store } from '../../kernel/ports/store.types.js';
import { createTestSchemaStore } from '../../../test/helpers/postgres.js';
import { createAudit } from '../create-audit.js';

interface Backend {
  readonly store: Store;
  readonly dialect: 'sqlite' | 'postgres';
  readonly schema?: string;
  cleanup(): Promise<void>;
}

async function sqlite(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-audit-0011-'));
  const store = createSqliteStore({ file: join(dir, 'wegate.db') });
  return {
    store,
    dialect: 'sqlite',
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgres(): Promise<Backend> {
  const t = await createTestSchemaStore('wegate_audit_0011');
  return { store: t.store, dialect: 'postgres', schema: t.schema, cleanup: t.cleanup };
}

const before0011 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0011'));

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
])('migration 0011 (records wait in their own table) on %s', (_name, open) => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await open();
  });
  afterAll(() => backend.cleanup());

  it('moves the records an earlier release left unsealed, and the sealer chains them', async () => {
    const { db } = backend.store;
    const schema = backend.schema === undefined ? {} : { schema: backend.schema };
    await migrateStore(db, backend.dialect, { list: before0011, ...schema });
    const legacy = (n: number) => ({
      id: `legacy-${n}`,
      seq: null,
      hash: null,
      at: 1_700_000_000_000 + n,
      actor: `user:u${n}`,
      action: 'phone.read',
      target: `user:u${n}`,
      before: null,
      after: JSON.stringify({ n }),
      ip: '203.0.113.9',
      user_agent: null,
      result: 'ok',
      trace_id: null,
    });
    await db
      .insertInto('wegate_audit_records')
      .values([legacy(1), legacy(2), legacy(3)])
      .execute();
    await migrateStore(db, backend.dialect, schema);
    expect(await db.selectFrom('wegate_audit_records').selectAll().execute()).toEqual([]);
    const waiting = await db
      .selectFrom('wegate_audit_pending')
      .select(['id', 'after'])
      .orderBy('id')
      .execute();
    expect(waiting).toEqual([1, 2, 3].map((n) => ({ id: `legacy-${n}`, after: JSON.stringify({ n }) })));
    const audit = createAudit({ store: backend.store });
    expect(await audit.seal()).toBe(3);
    const sealed = await db.selectFrom('wegate_audit_records').select(['id', 'seq']).orderBy('seq').execute();
    expect(sealed.map((r) => [r.id, Number(r.seq)])).toEqual([
      ['legacy-1', 1],
      ['legacy-2', 2],
      ['legacy-3', 3],
    ]);
    expect(await audit.verify()).toEqual({ ok: true, checked: 3, unsealed: 0 });
  });
});
