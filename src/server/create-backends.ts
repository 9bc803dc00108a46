/** @module The store, cache, lock and queue for the configured mode (embedded or PostgreSQL + Redis). */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WegateConfig } from '../config/config.types.js';
import { ensurePrivateDir } from '../config/private-data-dir.js';
import { ConfigError, isWeChatError } from '../kernel/errors/index.js';
import type { Cache, Lock, Queue, Store } from '../kernel/ports/index.js';

export interface Backends {
  readonly store: Store;
  readonly cache: Cache;
  readonly lock: Lock;
  readonly queue: Queue;
  readonly redis?: Redis;
  close(): Promise<void>;
}

export async function createBackends(config: WegateConfig, logger: Logger): Promise<Backends> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const fn of closers.reverse())
      await fn().catch((e: unknown) => logger.warn({ err: e }, 'close failed'));
  };
  try {
    const store = await openStore(config);
    closers.push(() => store.close());
    const onError = (err: unknown) => logger.error({ err }, 'queue backend error');
    const shared = config.redisUrl
      ? await redisBackends(config.redisUrl, redisPrefixOf(config), closers, onError)
      : await memoryBackends();
    const queue = shared.queue ?? (await sqlQueue(store, onError));
    closers.push(() => queue.close());
    return {
      store,
      cache: shared.cache,
      lock: shared.lock,
      queue,
      ...(shared.redis ? { redis: shared.redis } : {}),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function openStore(config: WegateConfig): Promise<Store> {
  const { connectStore } = await import('../adapters/sql/connect-store.js');
  const setting = config.databaseUrl ? 'DATABASE_URL' : 'WEGATE_DATA_DIR';
  try {
    // The SQLite file lives there: the folder is the owner's only, as sandbox mode also makes it.
    if (!config.databaseUrl) ensurePrivateDir(config.dataDir);
    const store = await connectStore(config.databaseUrl, { dataDir: config.dataDir });
    try {
      await store.migrate();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
    return store;
  } catch (error) {
    if (isWeChatError(error) && error.code === 'WEGATE_CONFIG_INVALID') throw error;
    throw new ConfigError(setting, `cannot open the store: ${describe(error)}`, { cause: error });
  }
}

async function memoryBackends(): Promise<{ cache: Cache; lock: Lock; queue?: Queue; redis?: Redis }> {
  const { createMemoryCache, createMemoryLock } = await import('../adapters/memory/index.js');
  return { cache: createMemoryCache(), lock: createMemoryLock() };
}

/** `WEGATE_REDIS_PREFIX`, or `wegate`: every Redis key of the server starts with it and a colon. */
export function redisPrefixOf(config: Pick<WegateConfig, 'redisPrefix'>): string {
  return config.redisPrefix ?? 'wegate';
}

async function redisBackends(
  url: string,
  prefix: string,
  closers: Array<() => Promise<void>>,
  onError: (err: unknown) => void,
) {
  const { connectRedis, closeRedis, createRedisCache, createRedisLock } =
    await import('../adapters/redis/index.js');
  let redis: Redis;
  try {
    // Commands issued in the same tick go out as one write: under load (a callback claims and stores
    // its inbox key, the rate limiter and the lock run alongside) that halves the CPU per command.
    const redisOptions = { enableAutoPipelining: true };
    redis = await connectRedis(url, { name: 'wegate', redisOptions });
  } catch (error) {
    throw new ConfigError('REDIS_URL', describe(error), { cause: error });
  }
  closers.push(() => closeRedis(redis));
  const { createBullmqQueue } = await import('../adapters/bullmq/queue.js');
  const queue: Queue = createBullmqQueue({ connection: { url }, prefix, onError });
  return {
    redis,
    cache: createRedisCache({ redis, keyPrefix: `${prefix}:` }),
    lock: createRedisLock({ redis, keyPrefix: `${prefix}:lock:` }),
    queue,
  };
}

async function sqlQueue(store: Store, onError: (err: unknown) => void): Promise<Queue> {
  const { createSqlQueue } = await import('../adapters/sql/queue.js');
  return createSqlQueue({ store, onError });
}

/** A connection error in one line, without credentials (URLs are never echoed). */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${code} ${error.message}`
      : error.message;
  }
  return String(error);
}
