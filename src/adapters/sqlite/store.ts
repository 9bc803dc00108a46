/** @module createSqliteStore(): the embedded SQL store, Kysely over better-sqlite3. */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database, Store } from '../../kernel/ports/store.types.js';
import { migrateStore } from '../sql/migrate-store.js';

export interface SqliteStoreOptions {
  /** Database file path (its directory is created 0700, the file 0600) or ':memory:'. */
  file: string;
  /** How long a writer waits for another process's write lock (default 5000 ms). */
  busyTimeoutMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const OWNER_ONLY = 0o600;

/** chmod 0600 a file that grants anything to group or others; a missing file is left alone. */
function ownerOnly(path: string): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, OWNER_ONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * The database holds sessions and protected fields: it is created 0600 here (better-sqlite3 would use
 * 0644), and SQLite creates its -wal and -shm with the database file's mode. Files an older version left
 * wider are tightened.
 */
function openPrivately(file: string): BetterSqlite3.Database {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', OWNER_ONLY));
  ownerOnly(file);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  ownerOnly(`${file}-wal`);
  ownerOnly(`${file}-shm`);
  return sqlite;
}

/** One better-sqlite3 connection in WAL mode; several processes may share the file. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const sqlite = options.file === ':memory:' ? new BetterSqlite3(':memory:') : openPrivately(options.file);
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
