/** @module Rations stable_token force_refresh across every process sharing the cache. */
import { createHash } from 'node:crypto';
import { WeChatError } from '../errors/wechat-error.js';
import type { Cache } from '../ports/cache.types.js';
import type { Clock } from '../ports/clock.types.js';
import type { ForceRefreshOptions } from './broker.types.js';

const DAY_MS = 86_400_000;
// WeChat's daily quotas reset at midnight Beijing time (UTC+8).
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const FAILED_MARK_TTL_MS = 600_000;

export class ForceRefreshRationedError extends WeChatError {
  constructor(
    readonly retryAfterMs: number,
    message: string,
  ) {
    super('WEGATE_FORCE_REFRESH_RATIONED', message);
  }
}

export interface ForceRefreshRation {
  /** Remember that WeChat rejected `token`, so a refresh answering the same token forces a new one. */
  markFailed(token: string): Promise<void>;
  wasFailed(token: string): Promise<boolean>;
  /** Take one force refresh or throw ForceRefreshRationedError. */
  take(): Promise<void>;
}

export interface ForceRefreshRationConfig extends ForceRefreshOptions {
  readonly cache: Cache;
  readonly clock: Clock;
  /** Keys: `<keyBase>:failed`, `<keyBase>:gap`, `<keyBase>:day:<yyyy-mm-dd>`. */
  readonly keyBase: string;
}

// Only a fingerprint is stored: the mark must not be a second copy of the token.
const fingerprint = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 32);

export function createForceRefreshRation(config: ForceRefreshRationConfig): ForceRefreshRation {
  const { cache, clock, keyBase } = config;
  let localMark: string | undefined;

  async function take(): Promise<void> {
    const now = clock.now();
    const day = new Date(now + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
    const untilMidnight = DAY_MS - ((now + BEIJING_OFFSET_MS) % DAY_MS);
    let spaced: boolean;
    let used: number;
    try {
      spaced = await cache.setIfAbsent(`${keyBase}:gap`, String(now), config.minIntervalMs);
      used = spaced ? await cache.increment(`${keyBase}:day:${day}`, 1, untilMidnight + 60_000) : 0;
    } catch {
      // Without the shared counters no process can know the day's count: refuse rather than burn it.
      throw new ForceRefreshRationedError(
        config.minIntervalMs,
        'force_refresh refused: the shared cache is unavailable',
      );
    }
    if (!spaced) {
      throw new ForceRefreshRationedError(
        config.minIntervalMs,
        `force_refresh refused: less than ${config.minIntervalMs} ms since the last one`,
      );
    }
    if (used > config.maxPerDay) {
      throw new ForceRefreshRationedError(
        untilMidnight,
        `force_refresh refused: ${config.maxPerDay} already used today`,
      );
    }
  }

  return {
    async markFailed(token) {
      localMark = fingerprint(token);
      await cache.set(`${keyBase}:failed`, localMark, FAILED_MARK_TTL_MS).catch(() => undefined);
    },
    async wasFailed(token) {
      const mark = fingerprint(token);
      if (localMark === mark) return true;
      const shared = await cache.get(`${keyBase}:failed`).catch(() => undefined);
      return shared === mark;
    },
    take,
  };
}
