/** @module Web authorization (网页授权) state: consent tickets, one-time codes, user tokens, refresh tokens. */
import { randomBytes } from 'node:crypto';
import { OAuthErrcode } from './oauth-errcodes.js';

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

export interface OAuthWorld {
  /** Remembers a consent page; its id comes back with 允许 or 拒绝 (single use, 5 minutes). */
  openConsent(request: ConsentRequest): string;
  takeConsent(id: string): ConsentRequest | undefined;
  /** A one-time code for the redirect. */
  issueCode(grant: OAuthGrant): string;
  /** `oauth2/access_token`: 40029 unknown or foreign, 42003 expired, 40163 reused. */
  redeemCode(appid: string, code: string): OAuthResult<WebToken>;
  /** `oauth2/refresh_token`: a new access_token; 40030 unknown or foreign, 42002 expired. */
  refresh(appid: string, refreshToken: string): OAuthResult<WebToken>;
  /** The grant behind a user access_token: 40001 unknown, 42001 expired. */
  resolve(accessToken: string): OAuthResult<OAuthGrant>;
  reset(): void;
}

/** WeChat: a code lives 5 minutes, the access_token 2 hours, the refresh_token 30 days. */
export const OAUTH_CODE_TTL_MS = 5 * 60_000;
export const WEB_TOKEN_TTL_S = 7200;
export const REFRESH_TTL_MS = 30 * 86_400_000;
/** Beyond this many entries in one map, expired ones are forgotten. */
const MAX_ENTRIES = 50_000;

interface Expiring {
  readonly expiresAt: number;
}

const mint = (bytes: number) => randomBytes(bytes).toString('base64url');

function put<T extends Expiring>(map: Map<string, T>, key: string, value: T, now: number): string {
  if (map.size > MAX_ENTRIES) for (const [k, v] of map) if (v.expiresAt <= now) map.delete(k);
  map.set(key, value);
  return key;
}

type Book<T> = Map<string, T & Expiring>;

/** A web access_token for `grant` (7200 s), answered with `refresh_token`; unionid only for snsapi_userinfo. */
function issueToken(
  tokens: Book<OAuthGrant>,
  grant: OAuthGrant,
  refresh_token: string,
  now: number,
): WebToken {
  const { appid, openid, unionid, scope } = grant;
  const expiresAt = now + WEB_TOKEN_TTL_S * 1000;
  const access_token = put(tokens, mint(48), { appid, openid, unionid, scope, expiresAt }, now);
  const base = { access_token, expires_in: WEB_TOKEN_TTL_S, refresh_token, openid, scope };
  return scope === 'snsapi_userinfo' ? { ...base, unionid } : base;
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

export function createOAuthWorld(deps: { now: () => number }): OAuthWorld {
  const consents: Book<ConsentRequest> = new Map();
  const codes: Book<OAuthGrant & { used: boolean }> = new Map();
  const tokens: Book<OAuthGrant> = new Map();
  const refreshTokens: Book<OAuthGrant> = new Map();
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
      const grant = { appid: a, openid, unionid, scope };
      const refresh = put(refreshTokens, mint(48), { ...grant, expiresAt: now + REFRESH_TTL_MS }, now);
      return { ok: true, value: issueToken(tokens, grant, refresh, now) };
    },
    refresh(appid, refreshToken) {
      const errcodes: [number, number] = [OAuthErrcode.InvalidRefreshToken, OAuthErrcode.RefreshTokenExpired];
      const taken = take(refreshTokens, appid, refreshToken, deps.now(), errcodes);
      return taken.ok
        ? { ok: true, value: issueToken(tokens, taken.value, refreshToken, deps.now()) }
        : taken;
    },
    resolve(accessToken) {
      const entry = tokens.get(accessToken);
      if (!entry) return { ok: false, errcode: OAuthErrcode.InvalidCredential };
      if (entry.expiresAt <= deps.now()) return { ok: false, errcode: OAuthErrcode.AccessTokenExpired };
      return { ok: true, value: entry };
    },
    reset() {
      for (const book of [consents, codes, tokens, refreshTokens]) book.clear();
    },
  };
}
