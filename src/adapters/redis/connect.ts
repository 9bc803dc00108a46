/** @module Opening and closing production Redis clients. */
import { Redis, type RedisOptions } from 'ioredis';

export interface ConnectRedisOptions {
  /** Do not connect now: `client.connect()` opens the connection (a first command also starts it, but fails). */
  lazy?: boolean;
  /** CLIENT SETNAME, shown by `CLIENT LIST`. */
  name?: string;
  /** Give up on a connection attempt after this long. Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Receives connection errors (e.g. to log them); commands fail on their own either way. */
  onError?: (error: Error) => void;
  /** Last-word overrides, e.g. `{ maxRetriesPerRequest: null }` which BullMQ workers require. */
  redisOptions?: RedisOptions;
}

/** Reconnect backoff: 100 ms, 200 ms, … capped at 2 s, forever (a Redis restart must heal by itself). */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(attempt * 100, 2000);
}

/** The options connectRedis applies; exported so other clients (BullMQ) can start from the same base. */
export function productionRedisOptions(options: ConnectRedisOptions = {}): RedisOptions {
  return {
    // With no offline queue a command issued while Redis is down fails at once instead of waiting for
    // a reconnect; the token broker relies on that to fall back rather than pile up refreshes.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    retryStrategy: reconnectDelayMs,
    ...(options.name === undefined ? {} : { connectionName: options.name }),
    ...options.redisOptions,
  };
}

/**
 * Creates a client for `url` (`redis://[:password@]host:port/db`, `rediss://` for TLS) and, unless
 * `lazy`, waits until it is ready. A failed first connection rejects and leaves nothing running.
 * The caller owns the client: close it with `closeRedis`.
 */
export async function connectRedis(url: string, options: ConnectRedisOptions = {}): Promise<Redis> {
  const redis = new Redis(url, { ...productionRedisOptions(options), lazyConnect: true });
  let lastError: Error | undefined;
  redis.on('error', (error: Error) => {
    lastError = error;
    options.onError?.(error);
  });
  if (options.lazy) return redis;
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    const cause = lastError ?? e;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`cannot connect to Redis at ${redactRedisUrl(url)}: ${reason}`, { cause });
  }
  return redis;
}

/** The URL without its password, fit for an error message or a log line. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

/** QUIT politely (pending replies are delivered), or drop the socket if Redis does not answer in time. */
export async function closeRedis(redis: Redis, timeoutMs = 1000): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([redis.quit(), timeout]);
    if (outcome === 'timeout') redis.disconnect();
  } catch {
    redis.disconnect();
  } finally {
    clearTimeout(timer);
  }
}
