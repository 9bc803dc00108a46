/** @module Migration 0009: the trace context an order was prepaid under, which its payment notification continues. */
import type { Kysely, Migration } from 'kysely';

export const payOrderTraceMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // WeChat Pay's notification is a new request: without this the payment starts a trace of its own.
    await db.schema.alterTable('wegate_pay_orders').addColumn('trace_context', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('wegate_pay_orders').dropColumn('trace_context').execute();
  },
};
