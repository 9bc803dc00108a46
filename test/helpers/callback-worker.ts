/**
 * One wegate callback server process for the crash e2e test: the Redis inbox (default 3 s lease) and
 * a router whose `hang` keyword never finishes when WORKER_HANG=1. Prints {"port":n} once listening
 * and {"started":"<content>"} when a handler starts.
 */
import { pino } from 'pino';
import { createMemoryCache, createMemoryLock } from '../../src/adapters/memory/index.js';
import { closeRedis, connectRedis, createRedisCache } from '../../src/adapters/redis/index.js';
import { createSqlQueue } from '../../src/adapters/sql/queue.js';
import { createSqliteStore } from '../../src/adapters/sqlite/store.js';
import { createRouter, replyText } from '../../src/callback/index.js';
import { createCallbackInbox } from '../../src/callback/inbox/index.js';
import { buildApp } from '../../src/server/build-app.js';
import { createWeChatApps } from '../../src/server/create-wechat-apps.js';
import { createMetrics } from '../../src/server/plugins/metrics.js';
import type { CallbackContext } from '../../src/server/routes/wechat/callback-context.js';
import { appConfig } from './callback-kit.js';
import { testConfig } from './test-config.js';

const env = process.env;
const redis = await connectRedis(env.WORKER_REDIS_URL ?? 'redis://127.0.0.1:6379');
const oa = appConfig('oa', { appid: 'wx1111111111111111', msgMode: 'plain' });
const config = testConfig({ sandbox: false, apps: { oa } });
const logger = pino({ level: 'silent' });
const store = createSqliteStore({ file: ':memory:' });
await store.migrate();
const cache = createMemoryCache();
const lock = createMemoryLock();
const metrics = createMetrics({ defaultMetrics: false });
const wechat = createWeChatApps(config, {
  cache,
  lock,
  logger,
  metrics,
  baseUrl: () => 'http://127.0.0.1:9',
});
const say = (line: object) => process.stdout.write(JSON.stringify(line) + '\n');
const router = createRouter<CallbackContext>().onMessage('text', async (m) => {
  say({ started: m.Content });
  if (env.WORKER_HANG === '1') await new Promise(() => undefined);
  return replyText(m, `ran by ${env.WORKER_NAME ?? 'worker'}`);
});
const app = await buildApp(config, {
  logger,
  store,
  cache,
  lock,
  queue: createSqlQueue({ store }),
  metrics,
  apps: wechat.apps,
  callbacks: { oa: router },
  callbackInbox: createCallbackInbox({
    cache: createRedisCache({ redis, keyPrefix: env.WORKER_PREFIX ?? '' }),
  }),
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
say({ port: typeof address === 'object' && address ? address.port : 0 });
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => closeRedis(redis))
    .then(() => process.exit(0));
});
