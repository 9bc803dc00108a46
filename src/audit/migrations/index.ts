/** @module The audit log's tables (records, the chain's head) as migrations, recorded in `wegate_migrations`. Released entries never change; they import only Kysely. */
import type { Migration } from 'kysely';
import { auditMigration } from './0007-audit.js';
import { auditUnsealedMigration } from './0010-audit-unsealed.js';
import { auditPendingMigration } from './0011-audit-pending.js';

export const auditMigrations: Readonly<Record<string, Migration>> = {
  '0007-audit': auditMigration,
  '0010-audit-unsealed': auditUnsealedMigration,
  '0011-audit-pending': auditPendingMigration,
};
