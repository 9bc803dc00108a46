/** @module The sessions' tables (users, identities, refresh tokens, phone numbers) as migrations, recorded in `wegate_migrations`. Released entries never change; they import only Kysely. */
import type { Migration } from 'kysely';
import { usersMigration } from './0002-users.js';

export const sessionMigrations: Readonly<Record<string, Migration>> = {
  '0002-users': usersMigration,
};
