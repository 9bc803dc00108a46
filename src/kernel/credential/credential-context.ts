/** @module The state one credential broker works on: its spec, ports, local copy and counters. */
import type { KernelLogger } from '../http/api-client.types.js';
import type { Cache } from '../ports/cache.types.js';
import type { Clock } from '../ports/clock.types.js';
import type { Lock } from '../ports/lock.types.js';
import type { BrokerHooks, FetchedCredential, RefreshEvent } from './broker.types.js';
import type { CacheOutage } from './cache-outage.js';
import type { CredentialEntry } from './credential-entry.js';
import type { ForceRefreshRation } from './force-refresh-ration.js';

export interface CredentialSpec {
  readonly kind: RefreshEvent['kind'];
  readonly appid: string;
  readonly cacheKey: string;
  readonly lockKey: string;
  readonly refreshAheadMs: number;
  readonly lockTtlMs: number;
  readonly outageRetryMs: number;
  /** False in classic mode: a fetch outside the lock supersedes the token other processes use. */
  readonly locklessFetchOk: boolean;
  readonly fetch: (forced: boolean) => Promise<FetchedCredential>;
  /** stable_token only. */
  readonly force?: ForceRefreshRation;
}

export interface CredentialDeps {
  readonly cache: Cache;
  readonly lock: Lock;
  readonly clock?: Clock;
  readonly logger?: KernelLogger;
  readonly hooks?: BrokerHooks;
}

export interface CredentialStats {
  refreshes: number;
  forcedRefreshes: number;
  lastError?: string;
  lastRefreshAt?: number;
}

/** This process's copy; `refreshAt` is kept flat because get() reads it on every call. */
export interface LocalCopy {
  entry: CredentialEntry | undefined;
  refreshAt: number;
}

export interface CredentialContext {
  readonly spec: CredentialSpec;
  readonly cache: Cache;
  readonly lock: Lock;
  readonly clock: Clock;
  readonly hooks?: BrokerHooks;
  readonly outage: CacheOutage;
  readonly stats: CredentialStats;
  readonly local: LocalCopy;
  /**
   * Credentials WeChat rejected in this process (reported through invalidate), oldest first. None is
   * adopted again from the shared cache or handed to a caller: a replay must go out with another one.
   */
  readonly rejected: Set<string>;
}

// One credential is current at a time; a few suffice to cover a refresh racing an invalidation.
const REJECTED_KEPT = 8;

export function markRejected(ctx: CredentialContext, token: string): void {
  ctx.rejected.delete(token);
  ctx.rejected.add(token);
  if (ctx.rejected.size > REJECTED_KEPT) ctx.rejected.delete(ctx.rejected.values().next().value as string);
}

export function adopt(ctx: CredentialContext, entry: CredentialEntry): string {
  ctx.local.entry = entry;
  ctx.local.refreshAt = entry.refreshAt;
  return entry.token;
}

export function dropLocal(ctx: CredentialContext): void {
  ctx.local.entry = undefined;
  ctx.local.refreshAt = 0;
}

/** The local copy while it has not expired (it may be past its refresh point). */
export function validLocal(ctx: CredentialContext): CredentialEntry | undefined {
  const entry = ctx.local.entry;
  return entry !== undefined && entry.expiresAt > ctx.clock.now() ? entry : undefined;
}

/** Keep serving the local copy without touching the cache or WeChat for a while (bounded by expiry). */
export function deferRefresh(ctx: CredentialContext, entry: CredentialEntry): string {
  ctx.local.refreshAt = Math.min(entry.expiresAt, ctx.clock.now() + ctx.spec.outageRetryMs);
  return entry.token;
}
