/** @module The uploaded files' table as migrations, recorded in `wegate_migrations`. Released entries never change; they import only Kysely. */
import type { Migration } from 'kysely';
import { filesMigration } from './0004-files.js';

export const fileMigrations: Readonly<Record<string, Migration>> = {
  '0004-files': filesMigration,
};
