/** @module Row type of the uploaded files' table, added to the store's Database. */

/** A file uploaded through `POST /api/files`; `public` is 0/1, `file_id` the cloud storage id. */
export interface FilesTable {
  id: string;
  owner_id: string;
  file_id: string;
  name: string;
  size: number;
  content_type: string;
  public: number;
  created_at: number;
}

declare module '../../kernel/ports/store.types.js' {
  interface Database {
    wegate_files: FilesTable;
  }
}
