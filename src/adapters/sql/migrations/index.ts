/**
 * @module Every wegate migration, in order, as code (so they survive bundling). Each product owns its
 * tables and their migrations (`<product>/migrations/`, importing only Kysely); the store's own is the
 * jobs table of the SQL queue. This list gathers them — the only import of products an adapter makes —
 * and they are all recorded in `wegate_migrations`, apart from plugins' and the user's own.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { auditMigrations } from '../../../audit/migrations/index.js';
import { fileMigrations } from '../../../cloud/storage/migrations/index.js';
import { sessionMigrations } from '../../../mini-program/session/migrations/index.js';
import { webIdentityMigrations } from '../../../official-account/session/migrations/index.js';
import { outboxMigrations } from '../../../outbox/migrations/index.js';
import { payMigrations } from '../../../pay/migrations/index.js';
import { jobsMigration } from './0001-jobs.js';
import { jobTraceMigration } from './0008-job-trace.js';

/** The store's own: the SQL queue's jobs. */
export const jobMigrations: Readonly<Record<string, Migration>> = {
  '0001-jobs': jobsMigration,
  '0008-job-trace': jobTraceMigration,
};

/**
 * Kysely applies them in name order, so numbers run across products: a new migration takes the next
 * free number wherever it lives. Never rename or renumber one once released.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  ...jobMigrations,
  ...sessionMigrations,
  ...payMigrations,
  ...fileMigrations,
  ...outboxMigrations,
  ...webIdentityMigrations,
  ...auditMigrations,
};

/** A Kysely MigrationProvider over the in-code list (or another list, for tests). */
export function createMigrationProvider(
  list: Readonly<Record<string, Migration>> = migrations,
): MigrationProvider {
  return { getMigrations: async () => ({ ...list }) };
}
