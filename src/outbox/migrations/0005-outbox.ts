/** @module Migration 0005: the message outbox and the subscribe-message choices of Mini Program users. */
import type { Kysely, Migration } from 'kysely';

export const outboxMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('wegate_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('touser', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('uncertain_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_errcode', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('client_msg_id', 'text')
      .addColumn('msgid', 'text')
      .addColumn('first_attempt_at', 'bigint')
      .addColumn('last_attempt_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('wegate_outbox_app_idempotency_key')
      .unique()
      .on('wegate_outbox')
      .columns(['app', 'idempotency_key'])
      .execute();
    await db.schema.createIndex('wegate_outbox_status').on('wegate_outbox').column('status').execute();
    await db.schema
      .createTable('wegate_subscribe_choices')
      .addColumn('app', 'text', (c) => c.notNull())
      .addColumn('openid', 'text', (c) => c.notNull())
      .addColumn('template_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('wegate_subscribe_choices_pk', ['app', 'openid', 'template_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('wegate_subscribe_choices').execute();
    await db.schema.dropTable('wegate_outbox').execute();
  },
};
