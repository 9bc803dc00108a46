import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isWeChatError } from '../../kernel/errors/index.js';
import { describeStoreContract } from '../../kernel/ports/store.contract.js';
import { createTestSchemaStore, testDatabaseUrl } from '../../../test/helpers/postgres.js';
import { connectStore } from '../sql/connect-store.js';
import { createPostgresStore } from './store.js';
import { migrations } from '../sql/migrations/index.js';

describeStoreContract('PostgreSQL (schema per run)', () => createTestSchemaStore('wegate_store'));

describe('createPostgresStore', () => {
  it('keeps every table inside its own schema', async () => {
    const t = await createTestSchemaStore('wegate_store');
    try {
      await t.store.migrate();
      const { rows } = await sql<{ table_schema: string }>`
        select table_schema from information_schema.tables where table_name = 'wegate_jobs'
          and table_schema = ${t.schema}`.execute(t.store.db);
      expect(rows).toHaveLength(1);
    } finally {
      await t.cleanup();
    }
  });

  it('applies migrations once when several processes migrate at the same time', async () => {
    const t = await createTestSchemaStore('wegate_store');
    try {
      const others = await Promise.all([t.open(), t.open(), t.open()]);
      await Promise.all([t.store, ...others].map((s) => s.migrate()));
      const { rows } = await sql<{ name: string }>`select name from wegate_migrations`.execute(t.store.db);
      // Every migration recorded exactly once, in order.
      expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    } finally {
      await t.cleanup();
    }
  });

  it('fails fast with one clear error naming DATABASE_URL when PostgreSQL is unreachable', async () => {
    const started = Date.now();
    const error: unknown = await createPostgresStore({
      url: 'postgres://u:secret@127.0.0.1:1/nowhere',
      connectTimeoutMs: 2_000,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(isWeChatError(error) && error.code).toBe('WEGATE_CONFIG_INVALID');
    expect((error as Error).message).toMatch(
      /^DATABASE_URL: PostgreSQL at 127\.0\.0\.1:1\/nowhere is unreachable/,
    );
    expect((error as Error).message).not.toContain('secret');
  });

  it('outlives its server dropping a connection that is checked out between queries', async () => {
    const t = await createTestSchemaStore('wegate_store');
    try {
      await t.store.db.connection().execute(async (conn) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn);
        const admin = new pg.Client({ connectionString: testDatabaseUrl() });
        await admin.connect();
        await admin.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
        await admin.end();
        await new Promise((resolve) => setTimeout(resolve, 200));
      });
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(t.store.db);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await t.cleanup();
    }
  });

  it('connectStore picks PostgreSQL when a URL is given', async () => {
    const store = await connectStore(testDatabaseUrl(), { dataDir: '/nonexistent' });
    try {
      expect(store.dialect).toBe('postgres');
      const { rows } = await sql<{ one: number }>`select 1::int8 as one`.execute(store.db);
      expect(rows[0]?.one).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('migrations in several schemas of one database', () => {
  it('keeps a separate migration record per schema', async () => {
    const [a, b] = [await createTestSchemaStore('wegate_store'), await createTestSchemaStore('wegate_store')];
    try {
      await a.store.migrate();
      await b.store.migrate();
      const { rows } = await sql<{ table_schema: string }>`
        select table_schema from information_schema.tables where table_name = 'wegate_migrations'
          and table_schema in (${a.schema}, ${b.schema}) order by table_schema`.execute(a.store.db);
      expect(rows.map((r) => r.table_schema)).toEqual([a.schema, b.schema].sort());
    } finally {
      await Promise.all([a.cleanup(), b.cleanup()]);
    }
  });
});
