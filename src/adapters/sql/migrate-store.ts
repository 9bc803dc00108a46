/** @module migrateStore(): apply the in-code migrations with Kysely's Migrator, serialised across processes. */
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { WeChatError } from '../../kernel/errors/index.js';
import type { Database, StoreDialect } from '../../kernel/ports/store.types.js';
import { createMigrationProvider, migrations } from './migrations/index.js';

export interface MigrateOptions {
  /** PostgreSQL: the schema holding our tables and Kysely's migration record. */
  schema?: string;
  /** The migrations to apply (default: every wegate migration). */
  list?: Readonly<Record<string, Migration>>;
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
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider(options.list ?? migrations),
    // Kysely looks for its bookkeeping tables in every schema of the database unless told which one;
    // another schema's kysely_migration would then hide that ours is missing.
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
  });
  const run = async (): Promise<void> => {
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
