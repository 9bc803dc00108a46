/** @module What the outbox bench's parent and worker processes share: the app, its client, the outbox. */
import type { Redis } from 'ioredis';
import type { AppConfig } from '../src/config/config.types.js';
import { createLogger } from '../src/kernel/log/create-logger.js';
import type { Queue, Store } from '../src/kernel/ports/index.js';
import { createRuntimeOutbox } from '../src/outbox/create-runtime-outbox.js';
import type { Outbox } from '../src/outbox/index.js';
import { createWeChatApps, type WeChatApps } from '../src/server/create-wechat-apps.js';
import { createMetrics } from '../src/server/plugins/metrics.js';
import { createMemoryCache, createMemoryLock } from '../src/adapters/memory/index.js';
import { testConfig } from '../test/helpers/test-config.js';

/** Its own app name, so its Redis limiter keys (`wegate:wegate:outbox:bench:…`) meet no one else's. */
export const APP: AppConfig = {
  name: 'bench',
  type: 'official-account',
  appid: 'wxbe0c000000000001',
  secret: 'bench-outbox-secret-0123456789ab',
  tokenMode: 'stable',
  msgMode: 'plain',
  pushFormat: 'xml',
};
export const TEMPLATE = 'TPL_BENCH';
export const SEND_PATH = '/cgi-bin/message/template/send';

export interface BenchOutbox {
  readonly outbox: Outbox;
  readonly wechat: WeChatApps;
}

/** An outbox over `store` and `queue` calling the emulator at `emulatorUrl`; Redis rate limits when `redis`. */
export function createBenchOutbox(input: {
  emulatorUrl: string;
  store: Store;
  queue: Queue;
  ratePerSecond: number;
  concurrency: number;
  redis?: Redis;
}): BenchOutbox {
  const config = testConfig({ sandbox: false, apps: { bench: APP } });
  const logger = createLogger({ level: 'silent' });
  const wechat = createWeChatApps(config, {
    cache: createMemoryCache(),
    lock: createMemoryLock(),
    logger,
    metrics: createMetrics({ defaultMetrics: false }),
    baseUrl: () => input.emulatorUrl,
  });
  const outbox = createRuntimeOutbox({
    options: {
      rateLimit: { points: input.ratePerSecond, durationMs: 1000 },
      concurrency: input.concurrency,
      backoffMs: 50,
    },
    deps: { store: input.store, queue: input.queue, apps: wechat.apps },
    ...(input.redis ? { redis: input.redis } : {}),
    appTypes: { bench: APP.type },
  });
  return { outbox, wechat };
}

/** The template message number `n` to follower `n % users`. */
export function benchMessage(n: number, users: number, prefix: string) {
  return {
    app: APP.name,
    kind: 'template' as const,
    touser: `${prefix}${n % users}`,
    payload: { template_id: TEMPLATE, data: { first: { value: String(n) } } },
    idempotencyKey: `${prefix}:${n}`,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
