/** @module createAccessTokenBroker: one app's access_token, shared by every process through the cache. */
import type { AccessTokenBroker, AccessTokenBrokerDeps, AccessTokenBrokerOptions } from './broker.types.js';
import { createCredentialBroker } from './create-credential-broker.js';
import { createAccessTokenFetcher } from './fetch-access-token.js';
import { createForceRefreshRation } from './force-refresh-ration.js';
import { systemClock } from '../ports/clock.types.js';

export const BROKER_DEFAULTS = {
  refreshAheadMs: 5 * 60_000,
  lockTtlMs: 10_000,
  keyPrefix: 'wegate',
  outageRetryMs: 5_000,
  forceRefresh: { maxPerDay: 20, minIntervalMs: 30_000 },
} as const;

/**
 * Prefers cgi-bin/stable_token: several processes refreshing it do not supersede each other, unlike
 * classic cgi-bin/token where each fetch invalidates the previous token (40001 elsewhere).
 */
export function createAccessTokenBroker(
  options: AccessTokenBrokerOptions,
  deps: AccessTokenBrokerDeps,
): AccessTokenBroker {
  const mode = options.mode ?? 'stable';
  const clock = deps.clock ?? systemClock;
  const keyBase = `${options.keyPrefix ?? BROKER_DEFAULTS.keyPrefix}:access_token:${options.appid}`;
  const fetchToken =
    deps.fetchToken ??
    createAccessTokenFetcher(
      {
        appid: options.appid,
        secret: options.secret,
        mode,
        baseUrl: options.baseUrl,
        timeoutMs: options.timeoutMs,
      },
      { dispatcher: deps.dispatcher },
    );
  const force =
    mode === 'stable'
      ? createForceRefreshRation({
          cache: deps.cache,
          clock,
          keyBase: `${keyBase}:force`,
          ...BROKER_DEFAULTS.forceRefresh,
          ...options.forceRefresh,
        })
      : undefined;
  return createCredentialBroker(
    {
      kind: 'access_token',
      appid: options.appid,
      cacheKey: keyBase,
      lockKey: `${keyBase}:refresh`,
      refreshAheadMs: options.refreshAheadMs ?? BROKER_DEFAULTS.refreshAheadMs,
      lockTtlMs: options.lockTtlMs ?? BROKER_DEFAULTS.lockTtlMs,
      outageRetryMs: options.outageRetryMs ?? BROKER_DEFAULTS.outageRetryMs,
      locklessFetchOk: mode === 'stable',
      fetch: (forced) => fetchToken({ forceRefresh: forced }),
      force,
    },
    { ...deps, clock },
  );
}
