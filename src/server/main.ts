/** @module main(): load config, build the runtime and the app, listen, shut down gracefully. */
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config/index.js';
import { startTracing } from '../telemetry/tracing/start-tracing.js';
import type { WegatePlugin } from './define-plugin.js';
import { loadSandboxDefaults } from './load-plugins.js';
import type { ServerDeps } from './server-deps.types.js';
import { printStartBanner } from './start-banner.js';
import { VERSION } from './version.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  /** What the app was built from: store, queue, the WeChat apps' clients and brokers. */
  readonly deps: ServerDeps;
  readonly url: string;
  close(): Promise<void>;
}

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Install SIGTERM/SIGINT handlers (the CLI does; tests do not). */
  handleSignals?: boolean;
  /** Plugins to add after those named in `WEGATE_PLUGINS`. */
  plugins?: readonly WegatePlugin[];
}

/** Start `wegate serve`. Configuration and connection problems throw ConfigError naming the setting. */
export async function main(options: MainOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const loaded = loadConfig({ env, cwd });
  // Before the app's modules load, so the instrumentations see Fastify, pg and ioredis (OTEL_* only).
  const tracing = await startTracing({ env });
  const { buildServer } = await import('./create-server.js');
  const given = options.plugins ?? [];
  // Sandbox with no WEGATE_PLUGINS: the shop comes along when it is installed (not when the caller brings one).
  const defaults: { plugins: WegatePlugin[]; skipped?: string } =
    loaded.sandbox && loaded.plugins === undefined && !given.some((p) => p.name === 'shop')
      ? await loadSandboxDefaults(cwd)
      : { plugins: [] };
  const { app, deps, config, logger } = await buildServer({
    config: loaded,
    env,
    cwd,
    plugins: [...defaults.plugins, ...given],
  });
  if (defaults.skipped) logger.debug(`sandbox starts without the shop: ${defaults.skipped}`);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await tracing?.shutdown();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url, sandbox: config.sandbox }, 'wegate listening');
  printStartBanner(config, url, VERSION);
  // Closing the app closes the runtime too (buildServer hands it to buildApp's onClose).
  const close = once(async () => {
    await app.close();
    await tracing?.shutdown();
  });
  if (options.handleSignals) installSignalHandlers(close, logger);
  return { app, deps, url, close };
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

function installSignalHandlers(close: () => Promise<void>, logger: { info(msg: string): void }): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info(`${signal} received, draining`);
    // A second signal, or a drain longer than 10 s, ends the process anyway.
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
