/** @module How a broker obtains a credential: shared cache, lock, double-check, fetch; or outage mode. */
import { WeChatError } from '../errors/wechat-error.js';
import type { CacheDownError } from './cache-outage.js';
import { adopt, deferRefresh, validLocal, type CredentialContext } from './credential-context.js';
import { parseEntry, type CredentialEntry } from './credential-entry.js';
import { fetchEntry, storeEntry } from './fetch-entry.js';

export async function readShared(ctx: CredentialContext): Promise<CredentialEntry | undefined> {
  const raw = await ctx.outage.guard(() => ctx.cache.get(ctx.spec.cacheKey));
  return parseEntry(raw, ctx.spec.refreshAheadMs);
}

/** A shared entry this process may adopt: not due for refresh, and not one WeChat rejected here. */
function fresh(ctx: CredentialContext, entry: CredentialEntry | undefined): entry is CredentialEntry {
  return entry !== undefined && entry.refreshAt > ctx.clock.now() && !ctx.rejected.has(entry.token);
}

/**
 * Cache, then the cross-process lock, then the cache again (another process may have refreshed). An
 * entry holding a rejected credential counts as stale: it may still sit in the cache while the
 * invalidation that removes it is in flight, and adopting it would send a replay out with it.
 */
export async function loadShared(ctx: CredentialContext): Promise<string> {
  const { spec } = ctx;
  const first = await readShared(ctx);
  if (fresh(ctx, first)) return adopt(ctx, first);
  const handle = await ctx.outage.guard(() =>
    ctx.lock.acquire(spec.lockKey, spec.lockTtlMs, { waitMs: spec.lockTtlMs, retryDelayMs: 20 }),
  );
  try {
    const again = await readShared(ctx);
    if (fresh(ctx, again)) return adopt(ctx, again);
    if (!handle && !spec.locklessFetchOk) {
      throw new WeChatError(
        'WEGATE_TOKEN_UNAVAILABLE',
        `${spec.kind} refresh lock for ${spec.appid} not taken within ${spec.lockTtlMs} ms`,
      );
    }
    return adopt(ctx, await storeEntry(ctx, await fetchEntry(ctx)));
  } finally {
    await handle?.release().catch(() => undefined);
  }
}

/**
 * The cache or lock backend is down. Fetching per call would burn the daily quota (and in classic
 * mode supersede every other process's token), so: serve the local copy while it lives, and fetch
 * at most once per `outageRetryMs` in this process.
 */
export async function loadDuringOutage(ctx: CredentialContext, cause: CacheDownError): Promise<string> {
  const { spec, outage } = ctx;
  const now = ctx.clock.now();
  const local = validLocal(ctx);
  if (local && (!spec.locklessFetchOk || now < outage.nextFetchAt)) return deferRefresh(ctx, local);
  if (now < outage.nextFetchAt) {
    const wait = outage.nextFetchAt - now;
    throw new WeChatError(
      'WEGATE_TOKEN_UNAVAILABLE',
      `${spec.kind} for ${spec.appid} unavailable: cache down, next refresh in ${wait} ms`,
      { cause },
    );
  }
  outage.nextFetchAt = now + spec.outageRetryMs;
  return adopt(ctx, await storeEntry(ctx, await fetchEntry(ctx)));
}
