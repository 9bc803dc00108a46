/** @module createServer(): `wegate serve` in code — the configured runtime, plugins and app, not yet listening. */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { loadConfig } from '../config/index.js';
import type { WegateConfig } from '../config/config.types.js';
import { createLogger } from '../kernel/log/create-logger.js';
import { buildApp } from './build-app.js';
import { createRuntime } from './create-runtime.js';
import type { WegatePlugin } from './define-plugin.js';
import { loadPlugins } from './load-plugins.js';
import type { ServerDeps } from './server-deps.types.js';

export interface CreateServerOptions {
  /** Default: loaded from `env` and the config file in `cwd`, as `wegate serve` does. */
  config?: WegateConfig;
  env?: NodeJS.ProcessEnv;
  /** Where the config file is read and `WEGATE_PLUGINS` resolved (default: process.cwd()). */
  cwd?: string;
  /** Plugins to add after those named in `WEGATE_PLUGINS` (config `plugins`). */
  plugins?: readonly WegatePlugin[];
  logger?: Logger;
}

export interface BuiltServer {
  readonly app: FastifyInstance;
  readonly deps: ServerDeps;
  readonly config: WegateConfig;
  readonly logger: Logger;
}

/** The app and what it was built from; closing the app closes the runtime too. */
export async function buildServer(options: CreateServerOptions = {}): Promise<BuiltServer> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? loadConfig({ env, cwd });
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL ?? 'info', format: config.logFormat });
  const plugins = [...(await loadPlugins(config.plugins ?? [], cwd)), ...(options.plugins ?? [])];
  const runtime = await createRuntime(config, { logger, plugins });
  try {
    const app = await buildApp(config, runtime.deps, { onClose: runtime.close });
    return { app, deps: runtime.deps, config, logger };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/**
 * Builds `wegate serve` with `plugins` (and those in `WEGATE_PLUGINS`), ready for `listen()` or
 * `inject()`; `app.close()` also closes the store, queue and connections.
 * @example
 * import { createServer, definePlugin } from 'wegate/server';
 * const app = await createServer({ plugins: [definePlugin({ name: 'mine' })] });
 * await app.listen({ port: 8080 });
 */
export async function createServer(options: CreateServerOptions = {}): Promise<FastifyInstance> {
  return (await buildServer(options)).app;
}
