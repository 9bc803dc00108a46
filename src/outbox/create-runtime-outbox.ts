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
  /** The first part of every Redis key (default `wegate`). */
  readonly redisPrefix?: string;
  /** App name → type; Mini Program routers get the subscribe-choice middleware. */
  readonly appTypes: Readonly<Record<string, string>>;
  readonly routers?: Readonly<Record<string, Router<never>>>;
}

/** Limiters shared by every process on `redis` (keys under `<prefix>:<keyPrefix>:`), else per process. */
export function runtimeRateLimiter(
  redis: Redis | undefined,
  prefix = 'wegate',
): (options: RateLimitOptions) => RateLimiter {
  return (o) =>
    redis
      ? createRedisRateLimiter({ ...o, redis, keyPrefix: `${prefix}:${o.keyPrefix ?? 'rl'}:` })
      : createMemoryRateLimiter(o);
}

export function createRuntimeOutbox(input: RuntimeOutboxInput): Outbox {
  const rateLimiter = runtimeRateLimiter(input.redis, input.redisPrefix);
  const outbox = createOutbox(input.options ?? {}, { ...input.deps, rateLimiter });
  for (const [name, router] of Object.entries(input.routers ?? {})) {
    if (input.appTypes[name] === 'mini-program') router.use(outbox.subscribeMiddleware(name));
  }
  return outbox;
}
