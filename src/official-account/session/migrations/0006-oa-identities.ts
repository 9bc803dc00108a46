/** @module Migration 0006: Official Account openids of users who logged in through web authorization (网页授权). */
import type { Kysely, Migration } from 'kysely';

export const oaIdentitiesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // Apart from wegate_user_identities: a web login has no session_key, and its openid is per Official Account.
    await db.schema
      .createTable('wegate_oa_identities')
      .addColumn('appid', 'text', (c) => c.notNull())
      .addColumn('openid', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull().references('wegate_users.id'))
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('wegate_oa_identities_pk', ['appid', 'openid'])
      .execute();
    await db.schema
      .createIndex('wegate_oa_identities_user_id')
      .on('wegate_oa_identities')
      .column('user_id')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('wegate_oa_identities').execute();
  },
};
