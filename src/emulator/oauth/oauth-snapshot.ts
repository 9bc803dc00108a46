/** @module What `GET /__emulator/oauth` shows of web authorization: counts per app or user, never a value. */
import type { OAuthGrant } from './oauth-book.js';

export interface Expiring {
  readonly expiresAt: number;
}

export type Book<T> = Map<string, T & Expiring>;

/** One code exchange: the refresh_token's entry, with the access_token it currently renews. */
export interface GrantRecord extends OAuthGrant {
  accessToken: string;
  /** Successful `oauth2/refresh_token` calls with this refresh_token. */
  refreshes: number;
}

export interface LiveCount {
  readonly live: number;
  readonly expired: number;
}

export interface OAuthSnapshot {
  /** Code exchanges (each one a refresh_token), live or expired. */
  readonly grants: number;
  readonly refreshes: number;
  readonly accessTokens: LiveCount;
  readonly refreshTokens: LiveCount;
}

interface SnapshotFilter {
  readonly appid: string;
  readonly openid?: string | undefined;
  readonly now: number;
}

function count(entries: Iterable<OAuthGrant & Expiring>, filter: SnapshotFilter): LiveCount {
  let live = 0;
  let expired = 0;
  for (const entry of entries) {
    if (entry.appid !== filter.appid) continue;
    if (filter.openid !== undefined && entry.openid !== filter.openid) continue;
    if (entry.expiresAt > filter.now) live += 1;
    else expired += 1;
  }
  return { live, expired };
}

export function snapshotOAuth(
  books: { grants: Book<GrantRecord>; tokens: Book<OAuthGrant> },
  filter: SnapshotFilter,
): OAuthSnapshot {
  const refreshTokens = count(books.grants.values(), filter);
  let refreshes = 0;
  for (const grant of books.grants.values()) {
    const mine = grant.appid === filter.appid && (filter.openid ?? grant.openid) === grant.openid;
    if (mine) refreshes += grant.refreshes;
  }
  return {
    grants: refreshTokens.live + refreshTokens.expired,
    refreshes,
    accessTokens: count(books.tokens.values(), filter),
    refreshTokens,
  };
}
