/**
 * @module wegate/adapters: the ports' implementations, one folder per technology — memory (one process),
 * Redis (cache, lock, rate limiter shared by every process), SQLite and PostgreSQL stores, the SQL job
 * queue and BullMQ. Names read `create<Tech><Port>`.
 * @example
 * import { connectRedis, createRedisCache, createRedisLock } from 'wegate/adapters';
 * import { createAccessTokenBroker } from 'wegate';
 *
 * const redis = await connectRedis('redis://127.0.0.1:6379');
 * const tokens = createAccessTokenBroker(
 *   { appid: 'wx…', secret: '…' },
 *   {
 *     cache: createRedisCache({ redis, keyPrefix: 'wegate:cache:' }),
 *     lock: createRedisLock({ redis, keyPrefix: 'wegate:lock:' }),
 *   },
 * );
 */
export * from './memory/index.js';
export * from './redis/index.js';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite/store.js';
export { createPostgresStore, type PostgresStoreOptions } from './postgres/store.js';
export { connectStore, type ConnectStoreOptions } from './sql/connect-store.js';
export { createSqlQueue, type SqlQueue, type SqlQueueOptions } from './sql/queue.js';
export { createBullmqQueue, type BullmqQueue, type BullmqQueueOptions } from './bullmq/queue.js';
