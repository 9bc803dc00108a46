/** @module Migration 0004: files uploaded through `POST /api/files` (bytes live in cloud storage). */
import type { Kysely, Migration } from 'kysely';

export const filesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('wegate_files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('file_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      // 0/1 on both dialects: SQLite has no boolean type.
      .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('wegate_files_owner_id').on('wegate_files').column('owner_id').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('wegate_files').execute();
  },
};
