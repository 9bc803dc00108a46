/** @module Plugins in the built app: each one's routes in its own Fastify scope, and its job workers. */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { WegateConfig } from '../config/config.types.js';
import { ApiProblem } from './envelope/index.js';
import { ConfigError } from '../kernel/errors/index.js';
import type { JobHandler, Worker } from '../kernel/ports/index.js';
import type { PluginContext, WegatePlugin } from './define-plugin.js';
import type { ServerDeps } from './server-deps.types.js';
import type { RealtimeService } from '../realtime/index.js';
import { pluginRealtime } from './routes/realtime/index.js';
import { checkAdminKey } from './plugins/gateway-key.js';
import { pluginPlatform } from './platform-services.js';
import { createCloudDatabase } from '../cloud/index.js';
import { cloudSite } from './routes/files/register-files.js';
import type { PluginCloud } from './define-plugin.js';

/**
 * The preHandler of admin routes: `Authorization: Bearer <WEGATE_ADMIN_KEY>`, else 401 (4017). Without a
 * configured key the route does not exist for anyone: 404, the same answer as an unknown path.
 */
export function createRequireAdmin(adminKey: string | undefined): preHandlerAsyncHookHandler {
  return async function requireAdmin(request) {
    if (adminKey === undefined || adminKey === '') {
      throw new ApiProblem('NotFound', `no route ${request.method} ${request.url}`);
    }
    checkAdminKey(request, adminKey);
  };
}

/** The cloud environment plugins share: the one `/api/files` uses, through the same Mini Program app. */
function pluginCloud(config: WegateConfig, deps: ServerDeps): PluginCloud | undefined {
  const site = cloudSite(config, deps);
  if (!site) return undefined;
  return { env: site.env, database: createCloudDatabase({ env: site.env }, { api: site.app.api }) };
}

function pluginContext(
  plugin: WegatePlugin,
  config: WegateConfig,
  deps: ServerDeps & { readonly realtime: RealtimeService },
  requireUser: preHandlerAsyncHookHandler,
  cloud: PluginCloud | undefined,
): PluginContext {
  return {
    name: plugin.name,
    config,
    logger: deps.logger.child({ plugin: plugin.name }),
    apps: deps.apps,
    store: deps.store,
    cache: deps.cache,
    lock: deps.lock,
    queue: deps.queue,
    metrics: deps.metrics,
    outbox: deps.outbox,
    pay: deps.pay,
    realtime: pluginRealtime(deps.realtime),
    requireUser,
    requireAdmin: createRequireAdmin(config.secrets.adminKey),
    cloud,
    ...pluginPlatform(config, deps),
    ...(deps.rateLimiter ? { rateLimiter: deps.rateLimiter } : {}),
    ...(deps.alerts ? { alerts: deps.alerts } : {}),
  };
}

/** Registers every plugin of `deps.plugins`; their workers stop when the app closes. */
export async function registerPlugins(
  app: FastifyInstance,
  config: WegateConfig,
  deps: ServerDeps & { readonly realtime: RealtimeService },
  requireUser: preHandlerAsyncHookHandler,
): Promise<void> {
  const plugins = deps.plugins ?? [];
  if (plugins.length === 0) return;
  const workers: Worker[] = [];
  app.addHook('onClose', async () => {
    await Promise.all(workers.map((w) => w.close()));
  });
  const cloud = pluginCloud(config, deps);
  for (const plugin of plugins) {
    const { register } = plugin;
    if (register) {
      const ctx = pluginContext(plugin, config, deps, requireUser, cloud);
      try {
        await app.register(async (scope) => register(scope, ctx));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ConfigError('plugins', `${plugin.name}: register failed: ${reason}`, { cause: error });
      }
    }
    for (const [name, handler] of Object.entries(plugin.jobs ?? {})) {
      workers.push(deps.queue.process(name, handler as JobHandler<unknown>));
    }
  }
}
