/** @module WeChat Pay's tables (orders, refunds, notifications) as migrations, recorded in `wegate_migrations`. Released entries never change; they import only Kysely. */
import type { Migration } from 'kysely';
import { payMigration } from './0003-pay.js';
import { payOrderTraceMigration } from './0009-pay-order-trace.js';

export const payMigrations: Readonly<Record<string, Migration>> = {
  '0003-pay': payMigration,
  '0009-pay-order-trace': payOrderTraceMigration,
};
