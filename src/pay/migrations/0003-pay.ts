/** @module Migration 0003: WeChat Pay orders, refunds and received notifications (the business-event outbox). */
import type { Kysely, Migration } from 'kysely';

async function createOrders(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wegate_pay_orders')
    .addColumn('out_trade_no', 'text', (c) => c.primaryKey())
    .addColumn('appid', 'text', (c) => c.notNull())
    .addColumn('mchid', 'text', (c) => c.notNull())
    .addColumn('openid', 'text', (c) => c.notNull())
    // Fen, as WeChat Pay counts: integers only, never floats.
    .addColumn('amount_total', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('transaction_id', 'text')
    .addColumn('prepay_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('wegate_pay_orders_state_created_at')
    .on('wegate_pay_orders')
    .columns(['state', 'created_at'])
    .execute();
}

async function createRefunds(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wegate_pay_refunds')
    .addColumn('out_refund_no', 'text', (c) => c.primaryKey())
    .addColumn('out_trade_no', 'text', (c) => c.notNull().references('wegate_pay_orders.out_trade_no'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('refund_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('success_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('wegate_pay_refunds_out_trade_no')
    .on('wegate_pay_refunds')
    .column('out_trade_no')
    .execute();
}

async function createNotifications(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wegate_pay_notifications')
    // WeChat's notification `id`: the primary key is what makes a redelivery a no-op.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('out_trade_no', 'text')
    .addColumn('out_refund_no', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('business_event', 'text')
    .addColumn('dispatched_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('wegate_pay_notifications_pending')
    .on('wegate_pay_notifications')
    .columns(['dispatched_at', 'received_at'])
    .execute();
}

export const payMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await createOrders(db);
    await createRefunds(db);
    await createNotifications(db);
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['wegate_pay_notifications', 'wegate_pay_refunds', 'wegate_pay_orders']) {
      await db.schema.dropTable(table).execute();
    }
  },
};
