/**
 * @module checkGatewayKey, checkAdminKey: the `Authorization: Bearer <key>` checks of internal routes
 * (`WEGATE_GATEWAY_KEY`, `WEGATE_ADMIN_KEY`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiProblem, type ErrorCodeName } from '../envelope/index.js';

// Compared as SHA-256 digests: equal lengths always, so neither the key nor its length leaks by timing.
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function checkBearerKey(request: FastifyRequest, key: string, problem: ErrorCodeName): void {
  if (key === '') throw new ApiProblem(problem);
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7) : '';
  if (given === '' || !timingSafeEqual(digest(given), digest(key))) throw new ApiProblem(problem);
}

/**
 * Throws GatewayKeyInvalid (401, 4015) unless the request carries the key. Routes behind it are mounted
 * only when a key is configured; an empty key refuses every request rather than letting one through.
 */
export function checkGatewayKey(request: FastifyRequest, key: string): void {
  checkBearerKey(request, key, 'GatewayKeyInvalid');
}

/** Throws AdminKeyInvalid (401, 4017) unless the request carries the admin key; same rules as above. */
export function checkAdminKey(request: FastifyRequest, key: string): void {
  checkBearerKey(request, key, 'AdminKeyInvalid');
}
