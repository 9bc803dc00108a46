/** @module Web authorization (网页授权) state: consent tickets, one-time codes, user tokens, refresh tokens. */
import { randomBytes } from 'node:crypto';
import { OAuthErrcode } from './oauth-errcodes.js';
import {
  snapshotOAuth,
  type Book,
  type Expiring,
  type GrantRecord,
  type OAuthSnapshot,
} from './oauth-snapshot.js';

export type OAuthScope = 'snsapi_base' | 'snsapi_userinfo';

/** What a user granted an app: who, with which scope. */
export interface OAuthGrant {
  readonly appid: string;
  readonly openid: string;
  readonly unionid: string;
  readonly scope: OAuthScope;
}

/** A consent page shown and not answered yet (the form posts its id back). */
export interface ConsentRequest extends OAuthGrant {
  readonly redirectUri: string;
  readonly state?: string;
}

export interface WebToken {
  readonly access_token: string;
  readonly expires_in: number;
  readonly refresh_token: string;
  readonly openid: string;
  readonly scope: OAuthScope;
  /** Only for snsapi_userinfo, like WeChat. */
  readonly unionid?: string;
}

export type OAuthResult<T> = { ok: true; value: T } | { ok: false; errcode: number };

export interface OAuthBook {
  /** Remembers a consent page; its id comes back with 允许 or 拒绝 (single use, 5 minutes). */
  openConsent(request: ConsentRequest): string;
  takeConsent(id: string): ConsentRequest | undefined;
  /** A one-time code for the redirect. */
  issueCode(grant: OAuthGrant): string;
  /** `oauth2/access_token`: 40029 unknown or foreign, 42003 expired, 40163 reused. */
  redeemCode(appid: string, code: string): OAuthResult<WebToken>;
  /**
   * `oauth2/refresh_token`: the grant's access_token renewed for 7200 s while it is valid, else a new one;
   * 40030 unknown or foreign, 42002 expired.
   */
  refresh(appid: string, refreshToken: string): OAuthResult<WebToken>;
  /** The grant behind a user access_token: 40001 unknown, 42001 expired. */
  resolve(accessToken: string): OAuthResult<OAuthGrant>;
  /** Counts (never values) of the grants and user tokens of an app, or of one of its users. */
  snapshot(appid: string, openid?: string): OAuthSnapshot;
  reset(): void;
}

/** WeChat: a code lives 5 minutes, the access_token 2 hours, the refresh_token 30 days. */
export const OAUTH_CODE_TTL_MS = 5 * 60_000;
export const WEB_TOKEN_TTL_S = 7200;
export const REFRESH_TTL_MS = 30 * 86_400_000;
/** Beyond this many entries in one map, expired ones are forgotten. */
const MAX_ENTRIES = 50_000;

const mint = (bytes: number) => randomBytes(bytes).toString('base64url');

function put<T extends Expiring>(map: Map<string, T>, key: string, value: T, now: number): string {
  if (map.size > MAX_ENTRIES) for (const [k, v] of map) if (v.expiresAt <= now) map.delete(k);
  map.set(key, value);
  return key;
}

/** A new web access_token for the grant behind `record`, valid 7200 s from `now`. */
function mintAccessToken(tokens: Book<OAuthGrant>, record: GrantRecord, now: number): string {
  const { appid, openid, unionid, scope } = record;
  const expiresAt = now + WEB_TOKEN_TTL_S * 1000;
  record.accessToken = put(tokens, mint(48), { appid, openid, unionid, scope, expiresAt }, now);
  return record.accessToken;
}

/** WeChat's answer; unionid only for snsapi_userinfo. */
function webToken(record: GrantRecord, refresh_token: string): WebToken {
  const { accessToken: access_token, openid, unionid, scope } = record;
  const base = { access_token, expires_in: WEB_TOKEN_TTL_S, refresh_token, openid, scope };
  return scope === 'snsapi_userinfo' ? { ...base, unionid } : base;
}

/**
 * WeChat's documented refresh: a still-valid access_token keeps its value and gets a new 7200 s; an
 * expired one is replaced. The refresh_token keeps its own 30 days either way.
 */
function renewAccessToken(tokens: Book<OAuthGrant>, record: GrantRecord, now: number): void {
  record.refreshes += 1;
  const current = tokens.get(record.accessToken);
  if (current === undefined || current.expiresAt <= now) mintAccessToken(tokens, record, now);
  else tokens.set(record.accessToken, { ...current, expiresAt: now + WEB_TOKEN_TTL_S * 1000 });
}

function take<T extends OAuthGrant>(
  book: Book<T>,
  appid: string,
  key: string,
  now: number,
  errcodes: [number, number],
) {
  const entry = book.get(key);
  if (!entry || entry.appid !== appid) return { ok: false as const, errcode: errcodes[0] };
  if (entry.expiresAt <= now) return { ok: false as const, errcode: errcodes[1] };
  return { ok: true as const, value: entry };
}

export function createOAuthBook(deps: { now: () => number }): OAuthBook {
  const consents: Book<ConsentRequest> = new Map();
  const codes: Book<OAuthGrant & { used: boolean }> = new Map();
  const tokens: Book<OAuthGrant> = new Map();
  const grants: Book<GrantRecord> = new Map();
  return {
    openConsent: (request) =>
      put(consents, mint(18), { ...request, expiresAt: deps.now() + OAUTH_CODE_TTL_MS }, deps.now()),
    takeConsent(id) {
      const entry = consents.get(id);
      consents.delete(id);
      return entry && entry.expiresAt > deps.now() ? entry : undefined;
    },
    issueCode: (grant) =>
      put(codes, mint(24), { ...grant, used: false, expiresAt: deps.now() + OAUTH_CODE_TTL_MS }, deps.now()),
    redeemCode(appid, code) {
      const now = deps.now();
      const taken = take(codes, appid, code, now, [OAuthErrcode.InvalidCode, OAuthErrcode.CodeExpired]);
      if (!taken.ok) return taken;
      if (taken.value.used) return { ok: false, errcode: OAuthErrcode.CodeUsed };
      taken.value.used = true;
      const { appid: a, openid, unionid, scope } = taken.value;
      const record = { appid: a, openid, unionid, scope, accessToken: '', refreshes: 0 };
      const grant = { ...record, expiresAt: now + REFRESH_TTL_MS };
      const refreshToken = put(grants, mint(48), grant, now);
      mintAccessToken(tokens, grant, now);
      return { ok: true, value: webToken(grant, refreshToken) };
    },
    refresh(appid, refreshToken) {
      const errcodes: [number, number] = [OAuthErrcode.InvalidRefreshToken, OAuthErrcode.RefreshTokenExpired];
      const taken = take(grants, appid, refreshToken, deps.now(), errcodes);
      if (!taken.ok) return taken;
      renewAccessToken(tokens, taken.value, deps.now());
      return { ok: true, value: webToken(taken.value, refreshToken) };
    },
    resolve(accessToken) {
      const entry = tokens.get(accessToken);
      if (!entry) return { ok: false, errcode: OAuthErrcode.InvalidCredential };
      if (entry.expiresAt <= deps.now()) return { ok: false, errcode: OAuthErrcode.AccessTokenExpired };
      return { ok: true, value: entry };
    },
    snapshot: (appid, openid) => snapshotOAuth({ grants, tokens }, { appid, openid, now: deps.now() }),
    reset() {
      for (const book of [consents, codes, tokens, grants]) book.clear();
    },
  };
}
