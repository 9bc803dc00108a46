/**
 * @module registerMessages: runs the outbox workers while the app lives, and mounts /api/messages when
 * WEGATE_GATEWAY_KEY is set (without it the routes answer 404, like the gateway's).
 */
import type { FastifyInstance } from 'fastify';
import type { WegateConfig } from '../../../config/config.types.js';
import type { ServerDeps } from '../../server-deps.types.js';
import { messageRoutes } from './message-routes.js';

/** Does nothing when the deps carry no outbox. */
export async function registerMessages(
  app: FastifyInstance,
  config: WegateConfig,
  deps: ServerDeps,
): Promise<void> {
  const outbox = deps.outbox;
  if (!outbox) return;
  const gatewayKey = config.secrets.gatewayKey;
  // Anyone who can reach an unkeyed route could message any follower: no key, no route.
  if (gatewayKey !== undefined && gatewayKey !== '') {
    await app.register(messageRoutes, { outbox, apps: Object.keys(deps.apps), gatewayKey });
  }
  const workers = outbox.start();
  app.addHook('onClose', async () => workers.close());
}
