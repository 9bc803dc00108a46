/** @module PostgreSQL for integration suites: one fresh schema per suite, dropped afterwards. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPostgresStore } from '../../src/adapters/postgres/store.js';
import type { Store } from '../../src/kernel/ports/store.types.js';

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export interface TestSchemaStore {
  readonly store: Store;
  readonly schema: string;
  /** Another store on the same schema (a second process, in effect). */
  open(): Promise<Store>;
  /** Close every store opened here and drop the schema. */
  cleanup(): Promise<void>;
}

/** A store in a new schema `<prefix>_<random>`; fails (never skips) when PostgreSQL is unreachable. */
export async function createTestSchemaStore(prefix = 'wegate_test'): Promise<TestSchemaStore> {
  const url = testDatabaseUrl();
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const stores: Store[] = [];
  const open = async (): Promise<Store> => {
    const store = await createPostgresStore({ url, schema, poolSize: 4 });
    stores.push(store);
    return store;
  };
  const store = await open();
  return {
    store,
    schema,
    open,
    async cleanup() {
      await Promise.all(stores.map((s) => s.close()));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
