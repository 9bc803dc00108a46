/** @module migrateStore(): apply the in-code migrations with Kysely's Migrator, serialised across processes. */
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { WeChatError } from '../../kernel/errors/index.js';
import type { Database, StoreDialect } from '../../kernel/ports/store.types.js';
import { adoptLegacyMigrations, WEGATE_MIGRATION_TABLE } from './adopt-legacy-migrations.js';
import { createMigrationProvider, migrations } from './migrations/index.js';

export interface MigrateOptions {
  /** PostgreSQL: the schema holding our tables and Kysely's migration record. */
  schema?: string;
  /** The migrations to apply (default: every wegate migration). */
  list?: Readonly<Record<string, Migration>>;
  /**
   * The table recording them (its lock table is `<table>_lock`). Default `wegate_migrations`, whose
   * records an earlier release left in Kysely's default table are moved there first.
   */
  table?: string;
}

/**
 * Bring the schema to the latest migration. Safe when several processes start at once:
 * - PostgreSQL: Kysely's Migrator holds a session advisory lock and runs the migrations in a transaction.
 * - SQLite: Kysely takes no lock there, so the whole run sits in one `BEGIN IMMEDIATE` transaction; a
 *   second process waits (busy_timeout) for the write lock and then finds nothing pending.
 */
export async function migrateStore(
  db: Kysely<Database>,
  dialect: StoreDialect,
  options: MigrateOptions = {},
): Promise<void> {
  const list = options.list ?? migrations;
  const table = options.table ?? WEGATE_MIGRATION_TABLE;
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider(list),
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
    // Kysely looks for its bookkeeping tables in every schema of the database unless told which one;
    // another schema's kysely_migration would then hide that ours is missing.
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  const run = async (): Promise<void> => {
    if (options.table === undefined) {
      await adoptLegacyMigrations(db, dialect, options.schema, Object.keys(list));
    }
    const { error, results } = await migrator.migrateToLatest();
    if (error === undefined) return;
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'setup';
    throw new WeChatError('WEGATE_MIGRATION_FAILED', `migration ${failed} failed`, { cause: error });
  };
  if (dialect === 'postgres') return run();
  await sql`begin immediate`.execute(db);
  try {
    await run();
  } catch (error) {
    await sql`rollback`.execute(db);
    throw error;
  }
  await sql`commit`.execute(db);
}
