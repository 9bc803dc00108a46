import type { Kysely } from 'kysely';

/** The SQL queue's jobs, the store's own table (every SQL store carries the durable queue). */
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
  /** The W3C trace context the job was queued under (JSON), null when nothing was traced. */
  trace_context: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * The tables of the store, by name. The store itself knows only its jobs; each product adds its own
 * tables where it defines them (declaration merging, `declare module` in its `*-tables.ts`), as it owns
 * their migrations.
 */
export interface Database {
  wegate_jobs: JobsTable;
}

export type StoreDialect = 'sqlite' | 'postgres';

/** The SQL store: Kysely over better-sqlite3 (embedded) or pg (PostgreSQL). */
export interface Store {
  readonly dialect: StoreDialect;
  readonly db: Kysely<Database>;
  /** Apply every pending migration (idempotent, safe to call from several processes). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
