/** @module The bookkeeping under the token book: records by token string and per-app state. */
import { shanghaiDay, type TimeSource } from './clock.js';
import { mintAccessTokenString } from './credential-string.js';
import type { StatsBook, TokenKind } from './stats-book.js';

export const TOKEN_TTL_MS = 7_200_000;
// Dead tokens are kept this long so they still answer 40001/42001 instead of counting as garbage.
const RETAIN_DEAD_MS = 86_400_000;

export interface TokenRecord {
  readonly token: string;
  readonly appid: string;
  readonly kind: TokenKind;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** Earlier than `expiresAt` once superseded (classic), force-replaced or revoked. */
  validUntil: number;
}

export interface IssuedToken {
  readonly access_token: string;
  readonly expires_in: number;
}

export interface AppTokens {
  current: Partial<Record<TokenKind, TokenRecord>>;
  lastForcedAt?: number;
  forcedDay: number;
  forcedCount: number;
  issued: TokenRecord[];
}

export interface TokenRecordBook {
  now(): number;
  stateOf(appid: string): AppTokens;
  /** A new token, made current for its kind and counted in the stats. */
  mint(appid: string, kind: TokenKind, forced: boolean): TokenRecord;
  find(token: string): TokenRecord | undefined;
  isLive(record: TokenRecord | undefined): record is TokenRecord;
  answer(record: TokenRecord): IssuedToken;
  clear(): void;
}

function prune(state: AppTokens, at: number, byToken: Map<string, TokenRecord>): void {
  const dead = state.issued.filter((record) => record.validUntil + RETAIN_DEAD_MS <= at);
  for (const record of dead) byToken.delete(record.token);
  if (dead.length > 0) state.issued = state.issued.filter((record) => byToken.has(record.token));
}

export function createTokenRecordBook(deps: { clock: TimeSource; stats: StatsBook }): TokenRecordBook {
  const byToken = new Map<string, TokenRecord>();
  const byApp = new Map<string, AppTokens>();
  const now = () => deps.clock.now();

  const stateOf = (appid: string): AppTokens => {
    let state = byApp.get(appid);
    if (!state) {
      state = { current: {}, forcedDay: shanghaiDay(now()), forcedCount: 0, issued: [] };
      byApp.set(appid, state);
    }
    return state;
  };

  return {
    now,
    stateOf,
    mint: (appid, kind, forced) => {
      const at = now();
      const state = stateOf(appid);
      prune(state, at, byToken);
      const expiresAt = at + TOKEN_TTL_MS;
      const record: TokenRecord = {
        token: mintAccessTokenString(),
        appid,
        kind,
        issuedAt: at,
        expiresAt,
        validUntil: expiresAt,
      };
      byToken.set(record.token, record);
      state.issued.push(record);
      state.current[kind] = record;
      deps.stats.tokenMinted(appid, kind, forced);
      return record;
    },
    find: (token) => byToken.get(token),
    isLive: (record): record is TokenRecord => record !== undefined && record.validUntil > now(),
    // Rounded up: a token minted a millisecond ago still reports WeChat's full 7200.
    answer: (record) => ({
      access_token: record.token,
      expires_in: Math.ceil((record.validUntil - now()) / 1000),
    }),
    clear: () => {
      byToken.clear();
      byApp.clear();
    },
  };
}
