/** @module Migration 0001: the durable job table behind the SQL queue. */
import type { Kysely, Migration } from 'kysely';

/**
 * Timestamps are epoch milliseconds in `bigint` columns on both dialects: SQLite hands them back as
 * numbers, and the PostgreSQL store installs an int8 parser so pg does too (ms values stay far below 2^53).
 */
export const jobsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('wegate_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('queue', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('backoff', 'text')
      .addColumn('run_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // NULL keys are distinct in a unique index on both dialects, so keyless jobs never collide.
    await db.schema
      .createIndex('wegate_jobs_queue_idempotency_key')
      .unique()
      .on('wegate_jobs')
      .columns(['queue', 'idempotency_key'])
      .execute();
    await db.schema
      .createIndex('wegate_jobs_queue_state_run_at')
      .on('wegate_jobs')
      .columns(['queue', 'state', 'run_at'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('wegate_jobs').execute();
  },
};
