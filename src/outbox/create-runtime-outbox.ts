/** @module The server's outbox: rate limits on Redis when there is one, else in memory. */
import type { Redis } from 'ioredis';
import type { Router } from '../callback/index.js';
import type { RateLimitOptions, RateLimiter } from '../kernel/ports/index.js';
import { createMemoryRateLimiter } from '../adapters/memory/rate-limiter.js';
import { createRedisRateLimiter } from '../adapters/redis/rate-limiter.js';
import { createOutbox, type Outbox } from './create-outbox.js';
import type { OutboxDeps, OutboxOptions } from './outbox.types.js';

export interface RuntimeOutboxInput {
  readonly options?: OutboxOptions;
  readonly deps: Omit<OutboxDeps, 'rateLimiter'>;
  readonly redis?: Redis;
  /** App name → type; Mini Program routers get the subscribe-choice middleware. */
  readonly appTypes: Readonly<Record<string, string>>;
  readonly routers?: Readonly<Record<string, Router<never>>>;
}

/** Limiters shared by every process on `redis` (keys under `wegate:<keyPrefix>:`), else per process. */
export function runtimeRateLimiter(redis: Redis | undefined): (options: RateLimitOptions) => RateLimiter {
  return (o) =>
    redis
      ? createRedisRateLimiter({ ...o, redis, keyPrefix: `wegate:${o.keyPrefix ?? 'rl'}:` })
      : createMemoryRateLimiter(o);
}

export function createRuntimeOutbox(input: RuntimeOutboxInput): Outbox {
  const rateLimiter = runtimeRateLimiter(input.redis);
  const outbox = createOutbox(input.options ?? {}, { ...input.deps, rateLimiter });
  for (const [name, router] of Object.entries(input.routers ?? {})) {
    if (input.appTypes[name] === 'mini-program') router.use(outbox.subscribeMiddleware(name));
  }
  return outbox;
}
