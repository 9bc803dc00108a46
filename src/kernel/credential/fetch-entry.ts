/** @module fetchEntry: one refresh from WeChat, forcing a new stable_token when the old one came back. */
import type { FetchedCredential } from './broker.types.js';
import type { CredentialContext } from './credential-context.js';
import { createEntry, type CredentialEntry } from './credential-entry.js';

async function timedFetch(ctx: CredentialContext, forced: boolean): Promise<FetchedCredential> {
  const { spec, stats } = ctx;
  const started = performance.now();
  const report = (outcome: 'ok' | 'error'): void =>
    ctx.hooks?.onRefresh?.({
      kind: spec.kind,
      appid: spec.appid,
      forced,
      durationMs: performance.now() - started,
      outcome,
    });
  try {
    const fetched = await spec.fetch(forced);
    stats.refreshes += 1;
    if (forced) stats.forcedRefreshes += 1;
    stats.lastRefreshAt = ctx.clock.now();
    report('ok');
    return fetched;
  } catch (error) {
    report('error');
    throw error;
  }
}

/**
 * stable_token in normal mode hands back the current token while WeChat considers it valid, even
 * right after an API rejected it; only force_refresh (rationed) replaces it then.
 */
export async function fetchEntry(ctx: CredentialContext): Promise<CredentialEntry> {
  const { spec } = ctx;
  let fetched = await timedFetch(ctx, false);
  if (spec.force && (ctx.rejected.has(fetched.token) || (await spec.force.wasFailed(fetched.token)))) {
    await spec.force.take();
    fetched = await timedFetch(ctx, true);
  }
  return createEntry(fetched, ctx.clock.now(), spec.refreshAheadMs);
}

/** Writes the entry to the shared cache (best effort) and adopts it locally. */
export async function storeEntry(ctx: CredentialContext, entry: CredentialEntry): Promise<CredentialEntry> {
  const ttlMs = Math.max(1, entry.expiresAt - ctx.clock.now());
  await ctx.outage.guard(() => ctx.cache.set(ctx.spec.cacheKey, entry.raw, ttlMs)).catch(() => undefined);
  return entry;
}
