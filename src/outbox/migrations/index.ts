/** @module The outbox's tables (messages, subscribe choices) as migrations, recorded in `wegate_migrations`. Released entries never change; they import only Kysely. */
import type { Migration } from 'kysely';
import { outboxMigration } from './0005-outbox.js';

export const outboxMigrations: Readonly<Record<string, Migration>> = {
  '0005-outbox': outboxMigration,
};
