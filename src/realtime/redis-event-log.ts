/**
 * @module createRedisEventLog(): one Redis Stream per topic, shared by every process on one Redis; the
 * live tail is one blocking reader per process (redis-stream-reader.ts).
 */
import type { Redis } from 'ioredis';
import { createLuaScript } from '../adapters/redis/lua-script.js';
import { RETENTION_DEFAULTS } from './memory-event-log.js';
import { compareOffsets, START_OFFSET } from './offsets.js';
import type { EventLog, LoggedEvent, LogListener, RetentionOptions } from './realtime.types.js';
import { StreamReader } from './redis-stream-reader.js';

export interface RedisEventLogOptions extends RetentionOptions {
  /** Commands (XADD, XRANGE); the blocking reader gets its own connection, duplicated from this one. */
  readonly redis: Redis;
  /** Every stream key starts with it; default `wegate:rt:`. */
  readonly keyPrefix?: string;
  /** Receives reader connection errors (the reader retries by itself). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Appends with exact trimming (older than the window, over the cap) and records the newest trimmed id as
 * the stream's max-deleted-entry-id (XSETID), so a resume can tell that it missed something. The stream
 * expires after `idleMs` without an append.
 */
const APPEND = createLuaScript(`
local key = KEYS[1]
local t = redis.call('TIME')
local minid = (tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[3])) .. '-0'
local id = redis.call('XADD', key, '*', 't', ARGV[1], 'd', ARGV[2])
local trimmed = nil
local old = redis.call('XREVRANGE', key, '(' .. minid, '-', 'COUNT', 1)
if #old > 0 then
  trimmed = old[1][1]
  redis.call('XTRIM', key, 'MINID', minid)
end
local len = redis.call('XLEN', key)
local cap = tonumber(ARGV[4])
if len > cap then
  local cut = redis.call('XRANGE', key, '-', '+', 'COUNT', len - cap)
  trimmed = cut[#cut][1]
  redis.call('XTRIM', key, 'MAXLEN', cap)
end
if trimmed then redis.call('XSETID', key, id, 'MAXDELETEDID', trimmed) end
redis.call('PEXPIRE', key, ARGV[5])
return id`);

/** {exists, last-generated-id, max-deleted-entry-id, entries after ARGV[1]} read atomically. */
const READ_AFTER = createLuaScript(`
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return {0} end
local info = redis.call('XINFO', 'STREAM', key)
local last, deleted = '0-0', '0-0'
for i = 1, #info, 2 do
  if info[i] == 'last-generated-id' then last = info[i + 1] end
  if info[i] == 'max-deleted-entry-id' then deleted = info[i + 1] end
end
return {1, last, deleted, redis.call('XRANGE', key, '(' .. ARGV[1], '+', 'COUNT', ARGV[2])}`);

type Entry = [id: string, fields: string[]];

/** A stream entry as a logged event (fields `t` type, `d` data). */
export function loggedEvent([id, fields]: Entry): LoggedEvent {
  let type = '';
  let data = 'null';
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 't') type = fields[i + 1] as string;
    else if (fields[i] === 'd') data = fields[i + 1] as string;
  }
  return { id, type, data };
}

export function createRedisEventLog(onEvents: LogListener, options: RedisEventLogOptions): EventLog {
  const { redis, keyPrefix = 'wegate:rt:' } = options;
  const { windowMs, maxEvents, idleMs } = { ...RETENTION_DEFAULTS, ...options };
  const keepMs = Math.max(windowMs, idleMs);
  const reader = new StreamReader({
    redis,
    keyPrefix,
    onEntries: (topic, entries) => onEvents(topic, entries.map(loggedEvent)),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const key = (topic: string) => `${keyPrefix}${topic}`;

  return {
    kind: 'redis',
    async append(topic, type, data) {
      return (await APPEND.run(redis, [key(topic)], [type, data, windowMs, maxEvents, keepMs])) as string;
    },
    async readAfter(topic, offset, limit) {
      const reply = (await READ_AFTER.run(redis, [key(topic)], [offset, limit])) as
        [0] | [1, string, string, Entry[]];
      if (reply[0] === 0) return { events: [], gone: offset !== START_OFFSET, last: START_OFFSET };
      const [, last, deleted, entries] = reply;
      return { events: entries.map(loggedEvent), gone: compareOffsets(deleted, offset) > 0, last };
    },
    async lastOffset(topic) {
      const newest = (await redis.xrevrange(key(topic), '+', '-', 'COUNT', 1)) as Entry[];
      return newest[0]?.[0] ?? START_OFFSET;
    },
    follow: (topic) => reader.follow(topic),
    unfollow: (topic) => reader.unfollow(topic),
    close: () => reader.close(),
  };
}
