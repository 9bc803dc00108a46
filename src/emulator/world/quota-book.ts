/** @module Daily API quotas per app and WeChat path; the day turns at Asia/Shanghai midnight. */
import { shanghaiDay, type TimeSource } from './clock.js';

/** Daily limits of the real service for the paths the emulator serves; other paths use the fallback. */
export const DEFAULT_DAILY_LIMITS: Readonly<Record<string, number>> = {
  '/cgi-bin/token': 2000,
  '/cgi-bin/stable_token': 500_000,
  '/cgi-bin/ticket/getticket': 100_000,
};
export const DEFAULT_FALLBACK_LIMIT = 1_000_000;

export interface QuotaUsage {
  readonly daily_limit: number;
  readonly used: number;
  readonly remain: number;
}

export interface QuotaOptions {
  /** Path → daily limit; merged over DEFAULT_DAILY_LIMITS. */
  readonly limits?: Readonly<Record<string, number>>;
  readonly fallback?: number;
}

export interface QuotaBook {
  usage(appid: string, path: string): QuotaUsage;
  /** Count one call; false (and nothing counted) when today's quota is used up (WeChat's 45009). */
  admit(appid: string, path: string): boolean;
  setLimit(appid: string, path: string, limit: number): void;
  /** Use up today's quota for the path now. */
  exhaust(appid: string, path: string): void;
  /** cgi-bin/clear_quota: today's counters of the app back to zero. */
  clear(appid: string): void;
  reset(): void;
}

/** `cgi-bin/token`, `/cgi-bin/token` and `/cgi-bin/token?x` all name the same API. */
export function normalizeApiPath(path: string): string {
  const bare = path.split('?')[0] ?? '';
  return bare.startsWith('/') ? bare : `/${bare}`;
}

interface AppQuota {
  day: number;
  used: Map<string, number>;
  limits: Map<string, number>;
}

export function createQuotaBook(deps: { clock: TimeSource }, options: QuotaOptions = {}): QuotaBook {
  const defaults = { ...DEFAULT_DAILY_LIMITS, ...options.limits };
  const fallback = options.fallback ?? DEFAULT_FALLBACK_LIMIT;
  const apps = new Map<string, AppQuota>();

  const of = (appid: string): AppQuota => {
    const today = shanghaiDay(deps.clock.now());
    let quota = apps.get(appid);
    if (!quota) {
      quota = { day: today, used: new Map(), limits: new Map() };
      apps.set(appid, quota);
    }
    if (quota.day !== today) {
      quota.day = today;
      quota.used.clear();
    }
    return quota;
  };
  const limitOf = (quota: AppQuota, path: string) =>
    quota.limits.get(path) ?? defaults[normalizeApiPath(path)] ?? fallback;

  return {
    usage: (appid, rawPath) => {
      const path = normalizeApiPath(rawPath);
      const quota = of(appid);
      const limit = limitOf(quota, path);
      const used = quota.used.get(path) ?? 0;
      return { daily_limit: limit, used, remain: Math.max(0, limit - used) };
    },
    admit: (appid, rawPath) => {
      const path = normalizeApiPath(rawPath);
      const quota = of(appid);
      const used = quota.used.get(path) ?? 0;
      if (used >= limitOf(quota, path)) return false;
      quota.used.set(path, used + 1);
      return true;
    },
    setLimit: (appid, rawPath, limit) => {
      of(appid).limits.set(normalizeApiPath(rawPath), limit);
    },
    exhaust: (appid, rawPath) => {
      const path = normalizeApiPath(rawPath);
      const quota = of(appid);
      quota.used.set(path, Math.max(quota.used.get(path) ?? 0, limitOf(quota, path)));
    },
    clear: (appid) => {
      of(appid).used.clear();
    },
    reset: () => apps.clear(),
  };
}
