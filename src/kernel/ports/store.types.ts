import type { Kysely } from 'kysely';

/** Row types of wegate's tables; each migration that adds a table adds its row type here. */
export interface JobsTable {
  id: string;
  queue: string;
  idempotency_key: string | null;
  data: string;
  state: string;
  attempt: number;
  max_attempts: number;
  backoff: string | null;
  run_at: number;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface Database {
  wegate_jobs: JobsTable;
}

export type StoreDialect = 'sqlite' | 'postgres';

/** The SQL store: Kysely over better-sqlite3 (embedded) or pg (PostgreSQL), one migration set. */
export interface Store {
  readonly dialect: StoreDialect;
  readonly db: Kysely<Database>;
  /** Apply every pending migration (idempotent, safe to call from several processes). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
