import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../adapters/sqlite/store.js';
import type { Store } from '../kernel/ports/store.types.js';
import { createTestSchemaStore } from '../../test/helpers/postgres.js';
import { createAudit } from './create-audit.js';

const HELPER = join(process.cwd(), 'src/audit/audit-writer.test-helper.ts');

function writer(db: string, ops: number, tag: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', HELPER], {
    env: { ...process.env, AUDIT_DB: db, AUDIT_OPS: String(ops), AUDIT_TAG: tag },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
const started = (child: ChildProcess) =>
  new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));

interface Db {
  store: Store;
  name: string;
  /** Resolves once no session of a writer process is left on the database server. */
  writersGone(): Promise<void>;
  cleanup(): Promise<void>;
}

async function sqliteDb(): Promise<Db> {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-auditp-'));
  const file = join(dir, 'wegate.db');
  const store = createSqliteStore({ file, busyTimeoutMs: 20_000 });
  return {
    store,
    name: `sqlite:${file}`,
    // An SQLite commit is done when the writing process's call returns: nothing outlives the process.
    writersGone: async () => undefined,
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresDb(): Promise<Db> {
  const t = await createTestSchemaStore('wegate_auditp');
  return {
    store: t.store,
    name: `postgres:${t.schema}`,
    async writersGone() {
      const name = `wegate-audit-${t.schema}`;
      for (let i = 0; i < 200; i += 1) {
        const left = await count(
          t.store,
          sql<{ n: number }>`select count(*) as n from pg_stat_activity where application_name = ${name}`,
        );
        if (left === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`sessions of ${name} still open after 10 s`);
    },
    cleanup: () => t.cleanup(),
  };
}

async function count(store: Store, query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  return Number((await query.execute(store.db)).rows[0]?.n);
}

describe.each([
  ['SQLite', sqliteDb],
  ['PostgreSQL', postgresDb],
])('audit chain written by several processes on %s', (_name, dbOf) => {
  it('three processes writing and sealing at once leave one unforked chain that verifies', async () => {
    const db = await dbOf();
    try {
      await db.store.migrate();
      await sql`create table audit_test_ops (id text primary key)`.execute(db.store.db);
      const codes = await Promise.all(['a', 'b', 'c'].map((tag) => exited(writer(db.name, 40, tag))));
      expect(codes).toEqual([0, 0, 0]);
      const audit = createAudit({ store: db.store });
      expect(await audit.verify()).toEqual({ ok: true, checked: 120, unsealed: 0 });
    } finally {
      await db.cleanup();
    }
  }, 120_000);

  it('a process killed with SIGKILL mid-run loses no record of an operation it committed', async () => {
    const db = await dbOf();
    try {
      await db.store.migrate();
      await sql`create table audit_test_ops (id text primary key)`.execute(db.store.db);
      const children = ['k1', 'k2'].map((tag) => writer(db.name, 0, tag));
      await Promise.all(children.map(started));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const child of children) child.kill('SIGKILL');
      await Promise.all(children.map(exited));
      // A COMMIT the server received before the kill still completes after the process is gone: count
      // once the writers' sessions have ended.
      await db.writersGone();
      const operations = await count(db.store, sql<{ n: number }>`select count(*) as n from audit_test_ops`);
      // Written records: sealed ones and those still waiting for the sealer.
      const written = sql`(select target, action from wegate_audit_records
        union all select target, action from wegate_audit_pending)`;
      const records = await count(
        db.store,
        sql<{ n: number }>`select count(*) as n from ${written} r
          join audit_test_ops o on r.target = 'op:' || o.id where r.action = 'test.op'`,
      );
      const allRecords = await count(db.store, sql<{ n: number }>`select count(*) as n from ${written} w`);
      expect(operations).toBeGreaterThan(10);
      expect(records).toBe(operations);
      expect(allRecords).toBe(operations);
      const audit = createAudit({ store: db.store });
      await audit.seal();
      expect(await audit.verify()).toEqual({ ok: true, checked: operations, unsealed: 0 });
    } finally {
      await db.cleanup();
    }
  }, 120_000);
});
