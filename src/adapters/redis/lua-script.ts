/** @module A Lua script run by EVALSHA, loaded with EVAL on NOSCRIPT (after a restart or SCRIPT FLUSH). */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LuaScript {
  run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown>;
}

/** Wraps `lua` without touching the client (no defineCommand), so a shared client is left as given. */
export function createLuaScript(lua: string): LuaScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  return {
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (e) {
        if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
        return redis.eval(lua, keys.length, ...keys, ...args);
      }
    },
  };
}

/** DEL the key only while it still holds ARGV[1]. */
export const compareAndDelete = createLuaScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);

/** PEXPIRE the key to ARGV[2] ms only while it still holds ARGV[1]. */
export const compareAndExpire = createLuaScript(
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`,
);

/** INCRBY ARGV[1]; a key created by this call gets PEXPIRE ARGV[2] (0 = none), an existing one keeps its TTL. */
export const incrementWithTtl = createLuaScript(
  `local existed = redis.call('EXISTS', KEYS[1])
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
if existed == 0 and tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return value`,
);
