/** @module createSqliteStore(): the embedded SQL store, Kysely over better-sqlite3. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database, Store } from '../../kernel/ports/store.types.js';
import { migrateStore } from '../sql/migrate-store.js';

export interface SqliteStoreOptions {
  /** Database file path (its directory is created) or ':memory:'. */
  file: string;
  /** How long a writer waits for another process's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** One better-sqlite3 connection in WAL mode; several processes may share the file. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const sqlite = new BetterSqlite3(options.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`);
  sqlite.pragma('foreign_keys = ON');
  // NORMAL is durable in WAL mode except for the last transactions before a power loss.
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  // One connection: a second migrate() while one runs would nest BEGIN IMMEDIATE, so share the run.
  let migrating: Promise<void> | undefined;
  return {
    dialect: 'sqlite',
    db,
    migrate: () => (migrating ??= migrateStore(db, 'sqlite').finally(() => (migrating = undefined))),
    close: () => db.destroy(),
  };
}
