/** @module connectStore(): PostgreSQL when DATABASE_URL is set, otherwise SQLite under the data directory. */
import { join } from 'node:path';
import type { Store } from '../../kernel/ports/store.types.js';

export interface ConnectStoreOptions {
  /** WEGATE_DATA_DIR; the SQLite file is `<dataDir>/wegate.db`. */
  dataDir: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

/** Open (not migrate) the store; the driver of the other dialect is never loaded. */
export async function connectStore(url: string | undefined, options: ConnectStoreOptions): Promise<Store> {
  if (url === undefined || url === '') {
    const { createSqliteStore } = await import('../sqlite/store.js');
    return createSqliteStore({ file: join(options.dataDir, 'wegate.db') });
  }
  const { createPostgresStore } = await import('../postgres/store.js');
  return createPostgresStore({
    url,
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  });
}
