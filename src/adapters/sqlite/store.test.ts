import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStoreContract } from '../../kernel/ports/store.contract.js';
import { connectStore } from '../sql/connect-store.js';
import { createSqliteStore } from './store.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'wegate-sqlite-'));
}

describeStoreContract('SQLite (temp file)', async () => {
  const dir = tempDir();
  const store = createSqliteStore({ file: join(dir, 'nested', 'wegate.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('createSqliteStore', () => {
  it('opens the file in WAL mode with foreign keys on', async () => {
    const dir = tempDir();
    const store = createSqliteStore({ file: join(dir, 'a.db') });
    try {
      const { sql } = await import('kysely');
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(store.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      expect(fk.rows[0]?.foreign_keys).toBe(1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('connectStore', () => {
  it('uses SQLite at <dataDir>/wegate.db when no database URL is set', async () => {
    const dir = tempDir();
    const store = await connectStore(undefined, { dataDir: join(dir, 'data') });
    try {
      await store.migrate();
      expect(store.dialect).toBe('sqlite');
      const reopened = createSqliteStore({ file: join(dir, 'data', 'wegate.db') });
      const tables = await reopened.db.introspection.getTables();
      await reopened.close();
      expect(tables.map((t) => t.name)).toContain('wegate_jobs');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
