/** @module requireUser: the bearer-JWT preHandler of `/api/*` routes; sets `request.user`. */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { ApiProblem } from '../envelope/index.js';
import type { AuthUser, SessionService } from '../../mini-program/session/session-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The `/api/*` bearer-JWT preHandler (set by registerAuthRoutes). */
    requireUser: preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    /** Set by requireUser; null on routes without it. */
    user: AuthUser | null;
    /** The session (refresh family) of the bearer token; set by requireUser. */
    sessionId: string | null;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The bearer token of the request, or TokenMissing. */
export function bearerToken(request: FastifyRequest): string {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (!match) throw new ApiProblem('TokenMissing');
  return match[1] as string;
}

/** Declares `request.user` once per server (call before registering routes that use requireUser). */
export function installAuth(app: FastifyInstance): void {
  if (!app.hasRequestDecorator('user')) app.decorateRequest('user', null);
  if (!app.hasRequestDecorator('sessionId')) app.decorateRequest('sessionId', null);
}

/**
 * The preHandler: missing → TokenMissing, bad signature or malformed → TokenInvalid, expired → TokenExpired,
 * revoked session or disabled user → TokenRevoked (all 401).
 */
export function createRequireUser(sessions: () => SessionService): preHandlerAsyncHookHandler {
  return async function requireUser(request) {
    const claims = await sessions().verify(bearerToken(request));
    const { sid, ...user } = claims;
    request.user = user;
    request.sessionId = sid;
  };
}
