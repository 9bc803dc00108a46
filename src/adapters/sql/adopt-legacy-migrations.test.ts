import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../kernel/ports/store.types.js';
import { migrateInProcesses } from '../../../test/helpers/migrate-in-processes.js';
import { createTestSchemaStore } from '../../../test/helpers/postgres.js';
import { createSqliteStore } from '../sqlite/store.js';
import { createMigrationProvider, migrations } from './migrations/index.js';

interface Harness {
  readonly store: Store;
  readonly schema?: string;
  /** Two processes start wegate on this database at the same time. */
  migrateTwice(): Promise<void>;
  cleanup(): Promise<void>;
}

async function sqliteHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-legacy-migrations-'));
  const stores: Store[] = [];
  const file = join(dir, 'wegate.db');
  const store = createSqliteStore({ file });
  stores.push(store);
  return {
    store,
    migrateTwice: async () => {
      expect(await migrateInProcesses(file, 2)).toEqual([0, 0]);
    },
    cleanup: async () => {
      await Promise.all(stores.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresHarness(): Promise<Harness> {
  const t = await createTestSchemaStore('wegate_legacy');
  const other = await t.open();
  return {
    store: t.store,
    schema: t.schema,
    migrateTwice: async () => {
      await Promise.all([t.store.migrate(), other.migrate()]);
    },
    cleanup: t.cleanup,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const notes: Migration = {
  up: async (db: AnyDb) => {
    await db.schema
      .createTable('user_notes')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .execute();
  },
};
const tags: Migration = {
  up: async (db: AnyDb) => {
    await db.schema
      .createTable('user_tags')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .execute();
  },
};

/** The user's own Kysely migrations, in Kysely's default table. */
function userMigrator(h: Harness, list: Record<string, Migration>): Migrator {
  return new Migrator({
    db: h.store.db,
    provider: createMigrationProvider(list),
    ...(h.schema === undefined ? {} : { migrationTableSchema: h.schema }),
  });
}

async function names(db: AnyDb, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(table)} order by name`.execute(
    db,
  );
  return rows.map((r) => r.name);
}

/** What a release before `wegate_migrations` left behind: its records in `kysely_migration`. */
async function migrateAsBefore(h: Harness): Promise<void> {
  const { error } = await userMigrator(h, migrations).migrateToLatest();
  expect(error).toBeUndefined();
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.cleanup();
  harness = undefined;
});

describe.each([
  ['SQLite', sqliteHarness],
  ['PostgreSQL', postgresHarness],
])('wegate migrations beside the user’s own on %s', (_name, make) => {
  it('moves the records an earlier release left in kysely_migration, and both sets migrate on', async () => {
    const h = (harness = await make());
    await migrateAsBefore(h);
    // The user's own migration, recorded where Kysely records it by default.
    await notes.up(h.store.db);
    await sql`insert into kysely_migration (name, timestamp) values ('2024-01-notes', '2024-01-01T00:00:00.000Z')`.execute(
      h.store.db,
    );
    expect((await userMigrator(h, { '2024-01-notes': notes }).migrateToLatest()).error).toMatchObject({
      message: expect.stringContaining('previously executed migration 0001-jobs is missing'),
    });

    await h.migrateTwice();

    expect(await names(h.store.db, 'wegate_migrations')).toEqual(Object.keys(migrations).sort());
    expect(await names(h.store.db, 'kysely_migration')).toEqual(['2024-01-notes']);
    const user = await userMigrator(h, { '2024-01-notes': notes, '2024-02-tags': tags }).migrateToLatest();
    expect(user.error).toBeUndefined();
    expect(user.results?.map((r) => [r.migrationName, r.status])).toEqual([['2024-02-tags', 'Success']]);
    await h.store.migrate();
    expect(await names(h.store.db, 'kysely_migration')).toEqual(['2024-01-notes', '2024-02-tags']);
    expect(await names(h.store.db, 'wegate_migrations')).toEqual(Object.keys(migrations).sort());
  });

  it('records a fresh database in wegate_migrations and leaves Kysely’s default table to the user', async () => {
    const h = (harness = await make());
    await h.store.migrate();
    const user = await userMigrator(h, { '2024-01-notes': notes }).migrateToLatest();
    expect(user.error).toBeUndefined();
    expect(await names(h.store.db, 'kysely_migration')).toEqual(['2024-01-notes']);
    expect(await names(h.store.db, 'wegate_migrations')).toEqual(Object.keys(migrations).sort());
  });
});
