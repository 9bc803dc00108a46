/** @module Migration 0007: the hash-chained audit log (records and the chain's head), with the phone audit rows moved in. */
import { sql, type Kysely, type Migration } from 'kysely';

// The same all-zero hash as GENESIS_HASH in ../hash-record.ts (a released migration imports only Kysely).
const AUDIT_GENESIS_HASH = '0'.repeat(64);

async function createRecords(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wegate_audit_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.unique())
    .addColumn('hash', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('trace_id', 'text')
    .execute();
  for (const columns of [
    ['at', 'id'],
    ['action', 'at'],
    ['actor', 'at'],
    ['target', 'at'],
  ]) {
    await db.schema
      .createIndex(`wegate_audit_records_${columns.join('_')}`)
      .on('wegate_audit_records')
      .columns(columns)
      .execute();
  }
}

export const auditMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await createRecords(db);
    await db.schema
      .createTable('wegate_audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('anchor_seq', 'bigint', (c) => c.notNull())
      .addColumn('anchor_hash', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await sql`insert into wegate_audit_head (id, seq, hash, anchor_seq, anchor_hash, updated_at)
      values (1, 0, ${AUDIT_GENESIS_HASH}, 0, ${AUDIT_GENESIS_HASH}, 0)`.execute(db);
    // The phone audit of 0002 moves onto the chain: its rows join as unsealed records, sealed on first use.
    await sql`insert into wegate_audit_records (id, at, actor, action, target, ip, result)
      select id, at, actor, action, 'user:' || subject, ip, result from wegate_audit_log`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('wegate_audit_head').execute();
    await db.schema.dropTable('wegate_audit_records').execute();
  },
};
