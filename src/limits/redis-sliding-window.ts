/** @module createRedisSlidingWindow: exact sliding logs shared by every process on one Redis (a sorted set per key). */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createLuaScript } from '../adapters/redis/lua-script.js';
import type { SlidingWindowStore, WindowCount, WindowHit } from './limits.types.js';

/**
 * One atomic step over every window of a request, timed by Redis's own clock (instances' clocks may
 * disagree): trim each log to its window, count, and only when every window has room add the hit to each.
 * ARGV: member, then max and windowMs per key. Answers per key {allowed 0|1, remaining, resetMs}.
 */
const SLIDING_HIT = createLuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local counts = {}
local room = true
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[i * 2 + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  counts[i] = redis.call('ZCARD', key)
  if counts[i] >= tonumber(ARGV[i * 2]) then room = false end
end
local out = {}
for i, key in ipairs(KEYS) do
  local max = tonumber(ARGV[i * 2])
  local window = tonumber(ARGV[i * 2 + 1])
  local count = counts[i]
  local ok = 0
  if count < max then ok = 1 end
  if room then
    redis.call('ZADD', key, now, ARGV[1])
    redis.call('PEXPIRE', key, window)
    count = count + 1
  end
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]
  local reset = 0
  if oldest then reset = tonumber(oldest) + window - now end
  out[i] = { ok, math.max(0, max - count), reset }
end
return out`);

export interface RedisSlidingWindowOptions {
  /** Owned by the caller. */
  readonly redis: Redis;
  /** Prefix of every key (default `wegate:limits:`). */
  readonly keyPrefix?: string;
}

export function createRedisSlidingWindow(options: RedisSlidingWindowOptions): SlidingWindowStore {
  const prefix = options.keyPrefix ?? 'wegate:limits:';
  return {
    async hit(windows: readonly WindowHit[]): Promise<WindowCount[]> {
      if (windows.length === 0) return [];
      // Unique per hit: two hits in the same millisecond must both count.
      const member = randomBytes(8).toString('base64url');
      const args = [member, ...windows.flatMap((w) => [w.max, w.windowMs])];
      const answer = (await SLIDING_HIT.run(
        options.redis,
        windows.map((w) => prefix + w.key),
        args,
      )) as [number, number, number][];
      return answer.map(([ok, remaining, resetMs]) => ({ allowed: ok === 1, remaining, resetMs }));
    },
  };
}
