/** @module registerMessages: mounts /api/messages and runs the outbox workers while the app lives. */
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
  await app.register(messageRoutes, {
    outbox,
    apps: Object.keys(deps.apps),
    ...(gatewayKey ? { gatewayKey } : {}),
  });
  const workers = outbox.start();
  app.addHook('onClose', async () => workers.close());
}
