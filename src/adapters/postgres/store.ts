/** @module createPostgresStore(): the shared SQL store, Kysely over a pg Pool. */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { ConfigError } from '../../kernel/errors/index.js';
import type { Database, Store } from '../../kernel/ports/store.types.js';
import { migrateStore } from '../sql/migrate-store.js';

export interface PostgresStoreOptions {
  url: string;
  /** Schema to create (if missing) and put first on every connection's search_path. */
  schema?: string;
  /** Pool size (default 10). */
  poolSize?: number;
  /** Give up connecting after this long (default 5000 ms). */
  connectTimeoutMs?: number;
}

const DEFAULT_POOL_SIZE = 10;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// pg returns int8 as a string to avoid precision loss; our int8 columns hold ms timestamps and
// counts, all far below 2^53, so callers get plain numbers on both dialects.
const int8AsNumber = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Connects once up front so an unreachable server fails at start with one clear error. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new ConfigError('schema', `"${schema}" is not a plain lower-case SQL identifier`);
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const currentSchema = await prepare(options.url, connectTimeoutMs, schema);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: connectTimeoutMs,
    types: int8AsNumber,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client that loses its server emits on the pool; the pool drops it and the next query
  // reconnects, so this must not become an unhandled 'error' event that ends the process.
  pool.on('error', () => undefined);
  // A client checked out but between queries has no listener of the pool's: a server restart or a
  // dropped connection then emits 'error' on it, which would end the process. Its query fails on its own,
  // and the pool drops a client that is no longer queryable when it comes back.
  pool.on('connect', (client) => void client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    dialect: 'postgres',
    db,
    migrate: () => migrateStore(db, 'postgres', { schema: currentSchema }),
    close: () => db.destroy(),
  };
}

/** Connect once, create the schema if asked; returns the schema our tables live in. */
async function prepare(url: string, connectTimeoutMs: number, schema: string | undefined): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError('DATABASE_URL', `PostgreSQL at ${describeUrl(url)} is unreachable: ${reason}`, {
      cause: error,
    });
  }
  try {
    if (schema !== undefined) await createSchema(client, schema);
    else
      schema = (await client.query<{ schema: string }>('select current_schema() as schema')).rows[0]?.schema;
    return schema ?? 'public';
  } finally {
    await client.end();
  }
}

async function createSchema(client: pg.Client, schema: string): Promise<void> {
  try {
    await client.query(`create schema if not exists "${schema}"`);
  } catch (error) {
    // Two processes creating the same schema can race past IF NOT EXISTS (23505 on pg_namespace).
    if ((error as { code?: string }).code !== '23505') throw error;
  }
}

/** host:port/database, never the credentials. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return '(unparseable url)';
  }
}
