/** @module The machinery shared by the access_token and jsapi_ticket brokers. */
import { systemClock } from '../ports/clock.types.js';
import type { BrokerState } from './broker.types.js';
import { CacheDownError, createCacheOutage } from './cache-outage.js';
import {
  deferRefresh,
  dropLocal,
  markRejected,
  validLocal,
  type CredentialContext,
  type CredentialDeps,
  type CredentialSpec,
} from './credential-context.js';
import { ForceRefreshRationedError } from './force-refresh-ration.js';
import { loadDuringOutage, loadShared, readShared } from './load-credential.js';

export type { CredentialDeps, CredentialSpec } from './credential-context.js';

export interface CredentialBroker {
  get(): Promise<string>;
  /** The local credential while it needs no refresh, synchronously; undefined otherwise. */
  peek(): string | undefined;
  invalidate(failing: string): Promise<void>;
  state(): BrokerState;
}

async function invalidateShared(ctx: CredentialContext, failing: string): Promise<boolean> {
  try {
    const shared = await readShared(ctx);
    if (shared?.token !== failing) return false;
    return await ctx.outage.guard(() => ctx.cache.deleteIfEquals(ctx.spec.cacheKey, shared.raw));
  } catch {
    return false; // outage already noted; dropping the local copy is all this process can do
  }
}

function stateOf(ctx: CredentialContext): BrokerState {
  const now = ctx.clock.now();
  const entry = ctx.local.entry;
  return {
    tokenAgeMs: entry ? now - entry.fetchedAt : undefined,
    expiresInMs: entry ? entry.expiresAt - now : undefined,
    ...ctx.stats,
  };
}

function createContext(spec: CredentialSpec, deps: CredentialDeps): CredentialContext {
  return {
    spec,
    cache: deps.cache,
    lock: deps.lock,
    clock: deps.clock ?? systemClock,
    hooks: deps.hooks,
    outage: createCacheOutage(deps.logger, { kind: spec.kind, appid: spec.appid }),
    stats: { refreshes: 0, forcedRefreshes: 0 },
    local: { entry: undefined, refreshAt: 0 },
    rejected: new Set(),
  };
}

/** get / invalidate / state over one cached credential; single-flight per process. */
export function createCredentialBroker(spec: CredentialSpec, deps: CredentialDeps): CredentialBroker {
  const ctx = createContext(spec, deps);
  const { local, clock } = ctx;
  let inflight: Promise<string> | undefined;
  let blocked: { until: number; error: Error } | undefined;

  function fail(error: unknown): string {
    ctx.stats.lastError = error instanceof Error ? error.message : String(error);
    if (error instanceof ForceRefreshRationedError) {
      blocked = { until: clock.now() + error.retryAfterMs, error };
      throw error;
    }
    // A refresh ahead of expiry that failed still leaves a usable credential.
    const still = validLocal(ctx);
    if (still) return deferRefresh(ctx, still);
    throw error;
  }

  async function load(): Promise<string> {
    if (blocked && blocked.until > clock.now()) throw blocked.error;
    blocked = undefined;
    try {
      return await loadShared(ctx);
    } catch (error) {
      if (!(error instanceof CacheDownError)) return fail(error);
      return loadDuringOutage(ctx, error).catch(fail);
    }
  }

  const fresh = () =>
    local.entry !== undefined && local.refreshAt > clock.now() ? local.entry.token : undefined;
  return {
    peek: fresh,
    get() {
      const token = fresh();
      if (token !== undefined) return Promise.resolve(token);
      if (inflight) return inflight;
      const started = load().finally(() => {
        if (inflight === started) inflight = undefined;
      });
      return (inflight = started);
    },
    async invalidate(failing) {
      // From here on no load adopts `failing`. A load already running may have adopted it before, so
      // later callers start their own; loads begun after an earlier report of `failing` are safe to join.
      if (!ctx.rejected.has(failing)) inflight = undefined;
      markRejected(ctx, failing);
      const matchedLocal = local.entry?.token === failing;
      if (matchedLocal) dropLocal(ctx);
      const matchedShared = await invalidateShared(ctx, failing);
      if ((matchedLocal || matchedShared) && spec.force) await spec.force.markFailed(failing);
    },
    state: () => stateOf(ctx),
  };
}
