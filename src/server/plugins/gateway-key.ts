/** @module checkGatewayKey: the `Authorization: Bearer <WEGATE_GATEWAY_KEY>` check of internal routes. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiProblem } from '../../kernel/errors/catalogue.js';

// Compared as SHA-256 digests: equal lengths always, so neither the key nor its length leaks by timing.
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Throws GatewayKeyInvalid (401, 4015) unless the request carries the key. Routes behind it are mounted
 * only when a key is configured; an empty key refuses every request rather than letting one through.
 */
export function checkGatewayKey(request: FastifyRequest, key: string): void {
  if (key === '') throw new ApiProblem('GatewayKeyInvalid');
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7) : '';
  if (given === '' || !timingSafeEqual(digest(given), digest(key))) throw new ApiProblem('GatewayKeyInvalid');
}
