/**
 * @module createLimitHook: the preHandler of a limited route class — counts the request for its user
 * (`request.user`, when a preceding preHandler set one) and its address (`request.ip`, which believes
 * X-Forwarded-For only from WEGATE_TRUST_PROXY), sets the RateLimit headers, and refuses with 429 (4290)
 * or, with limits failing closed while Redis is down, 503 (5030).
 */
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { rateLimitHeaders, type LimitClassSettings, type Limits } from '../../limits/index.js';
import { ApiProblem } from '../envelope/index.js';

/** Counts one request of `routeClass` and sets the headers; throws when the request is refused. */
export async function checkLimit(
  limits: Limits,
  routeClass: string,
  request: FastifyRequest,
  reply: FastifyReply,
  defaults?: LimitClassSettings,
): Promise<void> {
  const userId = (request as { user?: { id?: unknown } | null }).user?.id;
  const caller = { ip: request.ip, ...(typeof userId === 'string' ? { userId } : {}) };
  const decision = await limits.check(routeClass, caller, defaults);
  void reply.headers(rateLimitHeaders(decision));
  if (decision.outcome === 'limited') throw new ApiProblem('RateLimited', `too many ${routeClass} requests`);
  if (decision.outcome === 'error_closed') throw new ApiProblem('ServiceUnavailable', 'limits unavailable');
}

export function createLimitHook(
  limits: Limits,
  routeClass: string,
  defaults?: LimitClassSettings,
): preHandlerAsyncHookHandler {
  return async function limit(request, reply) {
    await checkLimit(limits, routeClass, request, reply, defaults);
  };
}
