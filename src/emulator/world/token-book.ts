/** @module Issued access tokens: classic (cgi-bin/token) and stable (cgi-bin/stable_token), isolated. */
import { shanghaiDay, type TimeSource } from './clock.js';
import type { StatsBook, TokenKind } from './stats-book.js';
import {
  createTokenRecordBook,
  type IssuedToken,
  type TokenRecordBook,
  type TokenRecord,
} from './token-record-book.js';

export { TOKEN_TTL_MS, type IssuedToken, type TokenRecord } from './token-record-book.js';
/** Classic: the superseded token keeps working this long. Stable: rotation starts this close to expiry. */
export const TOKEN_OVERLAP_MS = 300_000;
export const FORCE_REFRESH_SPACING_MS = 30_000;
export const FORCE_REFRESH_DAILY_LIMIT = 20;

export type TokenResolution =
  | { readonly status: 'valid'; readonly record: TokenRecord }
  | { readonly status: 'expired'; readonly record: TokenRecord }
  | { readonly status: 'invalid'; readonly record?: TokenRecord };

export type StableResult = IssuedToken | { readonly forceLimitReached: true };

export interface TokenBook {
  /** cgi-bin/token: always mints; the previous classic token keeps working for 5 more minutes. */
  issueClassic(appid: string): IssuedToken;
  /** cgi-bin/stable_token, normal or force_refresh mode. */
  issueStable(appid: string, forceRefresh: boolean): StableResult;
  resolve(token: string): TokenResolution;
  /** Invalidate the app's live tokens of `kind` now. */
  revoke(appid: string, kind: TokenKind | 'all'): void;
  reset(): void;
}

function issueForced(records: TokenRecordBook, appid: string): StableResult {
  const state = records.stateOf(appid);
  const at = records.now();
  const current = state.current.stable;
  // A forced call within 30 s of the previous forced one does not rotate: WeChat returns the current token.
  if (
    records.isLive(current) &&
    state.lastForcedAt !== undefined &&
    at - state.lastForcedAt < FORCE_REFRESH_SPACING_MS
  ) {
    return records.answer(current);
  }
  if (state.forcedDay !== shanghaiDay(at)) {
    state.forcedDay = shanghaiDay(at);
    state.forcedCount = 0;
  }
  // 20 forced refreshes per app and day; the 21st answers 45009 until the day turns.
  if (state.forcedCount >= FORCE_REFRESH_DAILY_LIMIT) return { forceLimitReached: true };
  if (current) current.validUntil = Math.min(current.validUntil, at);
  state.forcedCount += 1;
  state.lastForcedAt = at;
  return records.answer(records.mint(appid, 'stable', true));
}

export function createTokenBook(deps: { clock: TimeSource; stats: StatsBook }): TokenBook {
  const records = createTokenRecordBook(deps);
  return {
    issueClassic: (appid) => {
      const previous = records.stateOf(appid).current.classic;
      if (previous) previous.validUntil = Math.min(previous.validUntil, records.now() + TOKEN_OVERLAP_MS);
      return records.answer(records.mint(appid, 'classic', false));
    },
    issueStable: (appid, forceRefresh) => {
      if (forceRefresh) return issueForced(records, appid);
      const current = records.stateOf(appid).current.stable;
      // Normal mode hands out the same token until its last 5 minutes, so expires_in is always >= 300.
      if (records.isLive(current) && current.validUntil - records.now() > TOKEN_OVERLAP_MS)
        return records.answer(current);
      return records.answer(records.mint(appid, 'stable', false));
    },
    resolve: (token) => {
      const record = records.find(token);
      if (!record) return { status: 'invalid' };
      if (record.validUntil > records.now()) return { status: 'valid', record };
      return record.validUntil < record.expiresAt
        ? { status: 'invalid', record }
        : { status: 'expired', record };
    },
    revoke: (appid, kind) => {
      const at = records.now();
      for (const record of records.stateOf(appid).issued) {
        if ((kind === 'all' || record.kind === kind) && record.validUntil > at) record.validUntil = at;
      }
    },
    reset: () => records.clear(),
  };
}
