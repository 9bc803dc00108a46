/**
 * @module Migration 0010: a partial index over the records not sealed yet, so the sealer finds them
 * without walking every sealed record (its `where seq is null order by at, id` used the (at, id) index
 * from the oldest record on).
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const auditUnsealedMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('wegate_audit_records_unsealed')
      .on('wegate_audit_records')
      .columns(['at', 'id'])
      .where(sql.ref('seq'), 'is', null)
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('wegate_audit_records_unsealed').execute();
  },
};
