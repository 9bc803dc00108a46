/** @module The shop's migrations (recorded in wegate_plugin_shop_migrations), for SQLite and PostgreSQL. */
import type { PluginMigration } from 'wegate/server';
import { sql, type Kysely } from 'kysely';

const catalog: PluginMigration = {
  async up(db) {
    await db.schema
      .createTable('shop_products')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('price', 'integer', (c) => c.notNull().check(sql`price >= 1`))
      .addColumn('stock', 'integer', (c) => c.notNull().check(sql`stock >= 0`))
      .addColumn('category', 'varchar(64)', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('images', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // The list's filters and sorts: status always, category often, then the sort key and the id tiebreak.
    const index = (name: string, columns: string[]) =>
      db.schema.createIndex(name).on('shop_products').columns(columns).execute();
    await index('shop_products_status_created', ['status', 'created_at', 'id']);
    await index('shop_products_status_price', ['status', 'price', 'id']);
    await index('shop_products_status_category_created', ['status', 'category', 'created_at', 'id']);
    await index('shop_products_status_category_price', ['status', 'category', 'price', 'id']);
    await db.schema
      .createTable('shop_coupons')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('value', 'integer', (c) => c.notNull())
      .addColumn('min_spend', 'integer', (c) => c.notNull())
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('shop_coupon_uses')
      .addColumn('coupon_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('order_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('shop_coupon_uses_pk', ['coupon_id', 'user_id'])
      .execute();
  },
};

const orders: PluginMigration = {
  async up(db) {
    await createOrders(db);
    await createOrderLinesAndSaga(db);
  },
};

async function createOrders(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('shop_orders')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('appid', 'varchar(64)', (c) => c.notNull())
    .addColumn('openid', 'varchar(128)', (c) => c.notNull())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('saga', 'varchar(16)', (c) => c.notNull())
    .addColumn('subtotal', 'integer', (c) => c.notNull())
    .addColumn('discount', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('coupon_id', 'varchar(64)')
    .addColumn('out_trade_no', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('idempotency_key', 'varchar(128)')
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('payment', 'text')
    .addColumn('failure_code', 'integer')
    .addColumn('out_refund_no', 'varchar(64)')
    .addColumn('deadline_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('shop_orders_user_idempotency')
    .unique()
    .on('shop_orders')
    .columns(['user_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('shop_orders_user_created')
    .on('shop_orders')
    .columns(['user_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('shop_orders_status_deadline')
    .on('shop_orders')
    .columns(['status', 'deadline_at'])
    .execute();
  await db.schema.createIndex('shop_orders_saga').on('shop_orders').columns(['saga', 'updated_at']).execute();
}

async function createOrderLinesAndSaga(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('shop_order_lines')
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('product_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('price', 'integer', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('shop_order_lines_pk', ['order_id', 'product_id'])
    .execute();
  await db.schema
    .createTable('shop_saga_steps')
    .addColumn('order_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('step', 'varchar(16)', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('shop_saga_steps_pk', ['order_id', 'step'])
    .execute();
}

export const shopMigrations = { '0001-catalog': catalog, '0002-orders': orders };
