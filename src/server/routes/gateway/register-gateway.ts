/** @module registerGateway: mounts `/gateway/:app/*` when WEGATE_GATEWAY_KEY is set. */
import type { FastifyInstance } from 'fastify';
import type { WegateConfig } from '../../../config/config.types.js';
import { createMemoryRateLimiter } from '../../../adapters/memory/rate-limiter.js';
import { createSlicedRateLimiter } from '../../../outbox/sliced-rate-limiter.js';
import type { ServerDeps } from '../../server-deps.types.js';
import { limitHookOf } from '../../platform-services.js';
import { gatewayRoutes } from './gateway-routes.js';

/** Without a gateway key nothing is mounted: `/gateway/*` answers 404 like any unknown route. */
export async function registerGateway(
  app: FastifyInstance,
  config: WegateConfig,
  deps: ServerDeps,
): Promise<void> {
  const key = config.secrets.gatewayKey;
  if (key === undefined || key === '') return;
  const rate = { points: config.gateway.ratePerSecond, durationMs: 1000, keyPrefix: 'gateway' };
  // Spread over clock slots like the outbox's: a fixed window would let twice the rate through
  // in a second straddling two windows.
  const limiter = createSlicedRateLimiter(deps.rateLimiter ?? createMemoryRateLimiter, rate);
  await app.register(gatewayRoutes, {
    key,
    apps: deps.apps,
    limiter,
    metrics: deps.metrics,
    maxBodyBytes: config.gateway.maxBodyBytes,
    limit: limitHookOf(deps, 'gateway'),
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
}
