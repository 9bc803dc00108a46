/** @module Migration 0002: Mini Program users, their identities per app, refresh tokens, phone numbers, audit log. */
import type { Kysely, Migration } from 'kysely';

async function createUsers(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wegate_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // NULLs are distinct in a unique constraint on both dialects: users without unionid never collide.
    .addColumn('unionid', 'text', (c) => c.unique())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('active'))
    .execute();
  await db.schema
    .createTable('wegate_user_identities')
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('wegate_users.id'))
    .addColumn('session_key_enc', 'text', (c) => c.notNull())
    .addColumn('session_key_version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('wegate_user_identities_pk', ['appid', 'openid'])
    .execute();
  await db.schema
    .createIndex('wegate_user_identities_user_id')
    .on('wegate_user_identities')
    .column('user_id')
    .execute();
}

async function createRefreshTokens(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wegate_refresh_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('wegate_users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('replaced_by', 'text')
    .execute();
  await db.schema
    .createIndex('wegate_refresh_tokens_family')
    .on('wegate_refresh_tokens')
    .column('family')
    .execute();
}

async function createPhonesAndAudit(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wegate_phone_numbers')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('wegate_users.id'))
    .addColumn('phone_enc', 'text', (c) => c.notNull())
    .addColumn('key_version', 'integer', (c) => c.notNull())
    .addColumn('country_code', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('wegate_audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema
    .createIndex('wegate_audit_log_subject_at')
    .on('wegate_audit_log')
    .columns(['subject', 'at'])
    .execute();
}

export const usersMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await createUsers(db);
    await createRefreshTokens(db);
    await createPhonesAndAudit(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of [
      'wegate_audit_log',
      'wegate_phone_numbers',
      'wegate_refresh_tokens',
      'wegate_user_identities',
      'wegate_users',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
