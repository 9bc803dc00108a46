/** @module registerFiles: mounts `/api/files` over the Mini Program's cloud environment. */
import type { FastifyInstance } from 'fastify';
import type { WegateConfig } from '../../../config/config.types.js';
import { createCloudStorage } from '../../../cloud/storage/index.js';
import type { ServerDeps } from '../../server-deps.types.js';
import { checkLimit } from '../../plugins/limit-hook.js';
import { fileRoutes } from './file-routes.js';
import { SANDBOX_CLOUD_ENV, type FileOwnerResolver, type FileRoutesOptions } from './file-routes.types.js';

/**
 * The Mini Program's cloud environment: `WECHAT_CLOUD_ENV` (or the sandbox's) and the app whose token
 * reaches it (`mp` first, else the first Mini Program); undefined without either.
 */
export function cloudSite(config: WegateConfig, deps: Pick<ServerDeps, 'apps'>) {
  const env = config.cloudEnv ?? (config.sandbox ? SANDBOX_CLOUD_ENV : undefined);
  const app = deps.apps['mp'] ?? Object.values(deps.apps).find((a) => a.config.type === 'mini-program');
  return env && app ? { env, app } : undefined;
}

/**
 * Registers the routes when a cloud environment is known (`WECHAT_CLOUD_ENV`, or the sandbox's) and a
 * Mini Program app exists (`mp` first); returns false when they are left out.
 */
export async function registerFiles(
  app: FastifyInstance,
  config: WegateConfig,
  deps: ServerDeps,
  extra: FileRoutesOptions & { readonly owner?: FileOwnerResolver } = {},
): Promise<boolean> {
  const site = cloudSite(config, deps);
  if (!site) return false;
  const storage = createCloudStorage({ env: site.env }, { api: site.app.api });
  app.addHook('onClose', async () => storage.close());
  const { owner, ...options } = extra;
  const { limits } = deps;
  await app.register(fileRoutes, {
    ...options,
    deps: {
      store: deps.store,
      storage,
      ...(owner ? { owner } : {}),
      ...(limits ? { limit: (request, reply) => checkLimit(limits, 'files.upload', request, reply) } : {}),
    },
  });
  return true;
}
