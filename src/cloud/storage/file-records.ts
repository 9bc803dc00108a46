/** @module createFileRecords: the `wegate_files` rows (owner, cloud file id, size, type, public). */
import type { Store } from '../../kernel/ports/store.types.js';
import type { FilesTable } from './file-tables.js';

export interface FileRecord {
  readonly id: string;
  readonly ownerId: string;
  readonly fileId: string;
  readonly name: string;
  readonly size: number;
  readonly contentType: string;
  readonly public: boolean;
  readonly createdAt: number;
}

export interface FileRecords {
  insert(record: FileRecord): Promise<void>;
  get(id: string): Promise<FileRecord | undefined>;
  remove(id: string): Promise<void>;
}

function fromRow(row: FilesTable): FileRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    fileId: row.file_id,
    name: row.name,
    size: Number(row.size),
    contentType: row.content_type,
    public: Number(row.public) === 1,
    createdAt: Number(row.created_at),
  };
}

export function createFileRecords(store: Store): FileRecords {
  const db = store.db;
  return {
    insert: async (r) => {
      await db
        .insertInto('wegate_files')
        .values({
          id: r.id,
          owner_id: r.ownerId,
          file_id: r.fileId,
          name: r.name,
          size: r.size,
          content_type: r.contentType,
          public: r.public ? 1 : 0,
          created_at: r.createdAt,
        })
        .execute();
    },
    get: async (id) => {
      const row = await db.selectFrom('wegate_files').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : undefined;
    },
    remove: async (id) => {
      await db.deleteFrom('wegate_files').where('id', '=', id).execute();
    },
  };
}
