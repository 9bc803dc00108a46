/** @module Every SQL migration, in order, as code (so they survive bundling); new features append here. */
import type { Migration, MigrationProvider } from 'kysely';
import { jobsMigration } from './0001-jobs.js';
import { usersMigration } from './0002-users.js';
import { payMigration } from './0003-pay.js';
import { filesMigration } from './0004-files.js';
import { outboxMigration } from './0005-outbox.js';
import { oaIdentitiesMigration } from './0006-oa-identities.js';
import { auditMigration } from './0007-audit.js';
import { jobTraceMigration } from './0008-job-trace.js';
import { payOrderTraceMigration } from './0009-pay-order-trace.js';

/** Names sort in application order; never rename or reorder an entry once released. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-jobs': jobsMigration,
  '0002-users': usersMigration,
  '0003-pay': payMigration,
  '0004-files': filesMigration,
  '0005-outbox': outboxMigration,
  '0006-oa-identities': oaIdentitiesMigration,
  '0007-audit': auditMigration,
  '0008-job-trace': jobTraceMigration,
  '0009-pay-order-trace': payOrderTraceMigration,
};

/** A Kysely MigrationProvider over the in-code list (or another list, for tests). */
export function createMigrationProvider(
  list: Readonly<Record<string, Migration>> = migrations,
): MigrationProvider {
  return { getMigrations: async () => ({ ...list }) };
}
