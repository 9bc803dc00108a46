/**
 * @module Migration 0011: records wait for the sealer in a table of their own, with only its primary
 * key, so an operation's transaction writes one small row instead of a row and seven index entries, and
 * the sealer writes each record into the indexed table once, already chained (it used to update every
 * record it sealed). Records not sealed yet move over; the partial index of 0010 has nothing left to
 * cover.
 */
import { sql, type Kysely, type Migration } from 'kysely';

const COLUMNS = sql.raw('id, at, actor, action, target, before, after, ip, user_agent, result, trace_id');

export const auditPendingMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('wegate_audit_pending')
      .addColumn('id', 'text', (c) => c.primaryKey())
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
    await sql`insert into wegate_audit_pending (${COLUMNS})
      select ${COLUMNS} from wegate_audit_records where seq is null`.execute(db);
    await sql`delete from wegate_audit_records where seq is null`.execute(db);
    await db.schema.dropIndex('wegate_audit_records_unsealed').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema
      .createIndex('wegate_audit_records_unsealed')
      .on('wegate_audit_records')
      .columns(['at', 'id'])
      .where(sql.ref('seq'), 'is', null)
      .execute();
    await sql`insert into wegate_audit_records (${COLUMNS})
      select ${COLUMNS} from wegate_audit_pending`.execute(db);
    await db.schema.dropTable('wegate_audit_pending').execute();
  },
};
