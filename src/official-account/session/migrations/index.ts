/** @module The web identities' table as migrations, recorded in `wegate_migrations`. Released entries never change; they import only Kysely. */
import type { Migration } from 'kysely';
import { oaIdentitiesMigration } from './0006-oa-identities.js';

export const webIdentityMigrations: Readonly<Record<string, Migration>> = {
  '0006-oa-identities': oaIdentitiesMigration,
};
