/** @module createSessionService: short-lived access JWTs (HS256) plus rotating refresh tokens, revocable at once. */
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { isProblem, Problem, type ProblemOptions } from '../../kernel/errors/index.js';
import type { Store } from '../../kernel/ports/store.types.js';
import { createRefreshTokens, type IssuedRefresh, type SessionSubject } from './refresh-tokens.js';
import type { UserStore } from './user-store.js';

/** The envelope entries a session failure is answered with (401 each, docs/errors.md). */
type SessionProblem = 'TokenInvalid' | 'TokenExpired' | 'TokenRevoked';
const rejected = (name: SessionProblem, message?: string, options?: ProblemOptions) =>
  new Problem(name, message, options);

export interface SessionOptions {
  /** WEGATE_JWT_SECRET. */
  readonly jwtSecret: string;
  /** Access token lifetime; default 900 s. */
  readonly accessTtlS?: number;
  /** Refresh token lifetime; default 30 days. */
  readonly refreshTtlS?: number;
  /**
   * How long a "session still valid" answer is reused in this process; default 1000 ms, 0 = ask the store
   * on every request. Revocations made by this process clear it at once; other processes see them after it.
   */
  readonly revocationCacheMs?: number;
}

export interface AuthUser {
  readonly id: string;
  readonly appid: string;
  readonly openid: string;
  readonly unionid?: string;
}

export interface IssuedSession {
  readonly token: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

export interface SessionService {
  issue(subject: SessionSubject & { readonly unionid?: string | null }): Promise<IssuedSession>;
  /** The user of a bearer token; Problem TokenInvalid / TokenExpired / TokenRevoked otherwise. */
  verify(token: string): Promise<AuthUser & { readonly sid: string }>;
  refresh(refreshToken: string): Promise<IssuedSession>;
  /** Revokes the whole family of the session: its refresh tokens and its access tokens. */
  logout(sid: string): Promise<void>;
}

const ISSUER = 'wegate';
const AUDIENCE = 'wegate-api';

type Signed = SessionSubject & { readonly unionid?: string | null };
type Claims = AuthUser & { readonly sid: string };

function signAccess(
  key: Uint8Array,
  subject: Signed,
  sid: string,
  iat: number,
  ttlS: number,
): Promise<string> {
  const unionid = subject.unionid ? { unionid: subject.unionid } : {};
  return new SignJWT({ sid, appid: subject.appid, openid: subject.openid, ...unionid })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlS)
    .sign(key);
}

function claimsOf(payload: Record<string, unknown>): Claims & { expMs?: number } {
  const { sub, sid, appid, openid, unionid, exp } = payload;
  if (![sub, sid, appid, openid].every((v) => typeof v === 'string')) throw rejected('TokenInvalid');
  const claims = {
    id: sub as string,
    sid: sid as string,
    appid: appid as string,
    openid: openid as string,
    ...(typeof exp === 'number' ? { expMs: exp * 1000 } : {}),
  };
  return typeof unionid === 'string' ? { ...claims, unionid } : claims;
}

async function decodeAccess(
  key: Uint8Array,
  token: string,
  at: number,
): Promise<Claims & { expMs?: number }> {
  try {
    const options = { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(at) };
    const { payload } = await jwtVerify(token, key, options);
    return claimsOf(payload as Record<string, unknown>);
  } catch (error) {
    if (isProblem(error)) throw error;
    if (error instanceof joseErrors.JWTExpired) throw rejected('TokenExpired', undefined, { cause: error });
    throw rejected('TokenInvalid', undefined, { cause: error });
  }
}

/**
 * Tokens whose signature already verified, keyed by the whole token string (signature included, so a
 * tampered copy never hits), each kept until its `exp`: a token is verified once per process, not per request.
 */
function createVerifiedTokens(now: () => number) {
  const cache = new Map<string, { claims: Claims; expMs: number }>();
  return {
    get(token: string): Claims | undefined {
      const hit = cache.get(token);
      if (hit === undefined) return undefined;
      if (hit.expMs > now()) return hit.claims;
      cache.delete(token);
      throw rejected('TokenExpired');
    },
    put(token: string, claims: Claims & { expMs?: number }): Claims {
      const { expMs, ...rest } = claims;
      if (cache.size >= 10_000) cache.clear();
      if (expMs !== undefined) cache.set(token, { claims: rest, expMs });
      return rest;
    },
  };
}

/**
 * The access token is signed at the refresh token's issue time, so refreshes racing within the grace
 * window, in any process, sign the same claims and hand out the very same pair.
 */
async function issuePair(
  key: Uint8Array,
  accessTtlS: number,
  at: number,
  subject: Signed,
  next: IssuedRefresh,
): Promise<IssuedSession> {
  return {
    token: await signAccess(key, subject, next.family, Math.floor(next.issuedAt / 1000), accessTtlS),
    refreshToken: next.token,
    expiresIn: accessTtlS - Math.floor(Math.max(0, at - next.issuedAt) / 1000),
  };
}

function refreshFailure(reason: 'unknown' | 'expired' | 'revoked' | 'reused'): Problem<SessionProblem> {
  if (reason === 'unknown') return rejected('TokenInvalid', 'unknown refresh token');
  if (reason === 'expired') return rejected('TokenExpired', 'refresh token expired');
  return rejected('TokenRevoked');
}

export function createSessionService(
  options: SessionOptions,
  deps: { store: Store; users: UserStore; now?: () => number },
): SessionService {
  const key = new TextEncoder().encode(options.jwtSecret);
  const { accessTtlS = 900, revocationCacheMs: cacheMs = 1000 } = options;
  const now = deps.now ?? Date.now;
  const refreshTtlMs = (options.refreshTtlS ?? 30 * 86_400) * 1000;
  const refresh = createRefreshTokens({ ttlMs: refreshTtlMs, secret: options.jwtSecret }, deps);
  const validUntil = new Map<string, number>();
  const verified = createVerifiedTokens(now);

  const session = (subject: Signed, next: IssuedRefresh) => issuePair(key, accessTtlS, now(), subject, next);

  const checkLive = async (sid: string, userId: string): Promise<void> => {
    const cacheKey = `${sid}\u0000${userId}`;
    if ((validUntil.get(cacheKey) ?? 0) > now()) return;
    const [revoked, user] = await Promise.all([refresh.isFamilyRevoked(sid), deps.users.getUser(userId)]);
    if (revoked || !user || user.state !== 'active') throw rejected('TokenRevoked');
    if (cacheMs <= 0) return;
    if (validUntil.size > 10_000) validUntil.clear();
    validUntil.set(cacheKey, now() + cacheMs);
  };

  return {
    issue: async (subject) => session(subject, await refresh.issue(subject)),
    async verify(token) {
      const claims = verified.get(token) ?? verified.put(token, await decodeAccess(key, token, now()));
      await checkLive(claims.sid, claims.id);
      return claims;
    },
    async refresh(refreshToken) {
      const outcome = await refresh.rotate(refreshToken);
      if (!outcome.ok) {
        validUntil.clear();
        throw refreshFailure(outcome.reason);
      }
      const user = await deps.users.getUser(outcome.subject.userId);
      if (!user || user.state !== 'active') {
        await refresh.revokeFamily(outcome.next.family);
        throw rejected('TokenRevoked');
      }
      return session({ ...outcome.subject, unionid: user.unionid }, outcome.next);
    },
    async logout(sid) {
      await refresh.revokeFamily(sid);
      validUntil.clear();
    },
  };
}
