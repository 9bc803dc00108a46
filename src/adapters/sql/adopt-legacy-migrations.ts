/** @module Move wegate's migration records out of Kysely's default table, where releases before 0.2 kept them. */
import { sql, type Kysely } from 'kysely';
import type { Database, StoreDialect } from '../../kernel/ports/store.types.js';

/** Where wegate records its own migrations, apart from any Kysely migrations of the user. */
export const WEGATE_MIGRATION_TABLE = 'wegate_migrations';
const LEGACY_TABLE = 'kysely_migration';
// Kysely's own PostgreSQL migration lock: holding it serialises this move with every Migrator run.
const KYSELY_LOCK_ID = '3853314791062309107';

type Db = Kysely<Database>;

async function tableExists(db: Db, dialect: StoreDialect, schema: string | undefined, name: string) {
  if (dialect === 'sqlite') {
    const { rows } = await sql`select 1 from sqlite_master where type = 'table' and name = ${name}`.execute(
      db,
    );
    return rows.length > 0;
  }
  const { rows } = await sql`select 1 from information_schema.tables
    where table_schema = coalesce(${schema ?? null}, current_schema()) and table_name = ${name}`.execute(db);
  return rows.length > 0;
}

async function move(db: Db, dialect: StoreDialect, schema: string | undefined, names: readonly string[]) {
  if (names.length === 0 || !(await tableExists(db, dialect, schema, LEGACY_TABLE))) return;
  const scoped = schema === undefined ? db : db.withSchema(schema);
  const legacy = scoped.withTables<{ kysely_migration: { name: string; timestamp: string } }>();
  const rows = await legacy
    .selectFrom(LEGACY_TABLE)
    .select(['name', 'timestamp'])
    .where('name', 'in', names)
    .execute();
  if (rows.length === 0) return;
  // The same shape Kysely's Migrator creates, so it adopts the table as its own.
  await scoped.schema
    .createTable(WEGATE_MIGRATION_TABLE)
    .ifNotExists()
    .addColumn('name', 'varchar(255)', (col) => col.notNull().primaryKey())
    .addColumn('timestamp', 'varchar(255)', (col) => col.notNull())
    .execute();
  const ours = scoped.withTables<{ wegate_migrations: { name: string; timestamp: string } }>();
  await ours
    .insertInto(WEGATE_MIGRATION_TABLE)
    .values(rows)
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  await legacy.deleteFrom(LEGACY_TABLE).where('name', 'in', names).execute();
}

/**
 * Earlier releases recorded wegate's migrations in Kysely's default `kysely_migration`, so a user's own
 * Kysely migrations in the same database failed ("previously executed migration 0001-jobs is missing").
 * Moves the rows named in `names` to `wegate_migrations` and leaves the user's rows where they are.
 * Idempotent. PostgreSQL: one transaction under Kysely's migration lock; SQLite: the caller's
 * `BEGIN IMMEDIATE` serialises it.
 */
export async function adoptLegacyMigrations(
  db: Db,
  dialect: StoreDialect,
  schema: string | undefined,
  names: readonly string[],
): Promise<void> {
  if (dialect === 'sqlite') return move(db, dialect, schema, names);
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(KYSELY_LOCK_ID)}::bigint)`.execute(trx);
    await move(trx, dialect, schema, names);
  });
}
