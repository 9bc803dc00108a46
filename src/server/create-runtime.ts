/** @module createRuntime(config): the store, cache, lock, queue, clients and (in sandbox) the emulator. */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WegateConfig } from '../config/config.types.js';
import { createMetrics, type Metrics } from './plugins/metrics.js';
import { createBackends, redisPrefixOf, type Backends } from './create-backends.js';
import { createWeChatApps } from './create-wechat-apps.js';
import type { ServerDeps } from './server-deps.types.js';
import { createSandboxRouter, type Router } from '../callback/index.js';
import { createCallbackInbox, keepDoneFor } from '../callback/inbox/index.js';
import type { CallbackContext } from '../callback/index.js';
import { createPayServices, sandboxPayHandlers } from './routes/pay/create-pay-services.js';
import type { PayServices } from './routes/pay/pay-services.types.js';
import { createRuntimeOutbox, runtimeRateLimiter } from '../outbox/create-runtime-outbox.js';
import type { OutboxOptions } from '../outbox/index.js';
import type { Clock } from '../kernel/ports/index.js';
import type { WegatePlugin } from './define-plugin.js';
import { runtimePlatform } from './platform-services.js';
import { createRealtime } from '../realtime/index.js';
import { createAlerts, type AlertObserver } from '../telemetry/alerts/index.js';
import {
  addPluginCallbacks,
  checkPlugins,
  mergePayHandlers,
  migratePlugins,
  routersFor,
} from './plugin-runtime.js';

export interface Runtime {
  readonly deps: ServerDeps;
  /** Close clients, queues and connections (after the HTTP server has drained). */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger: Logger;
  metrics?: Metrics;
  /** Outbox retry, rate-limit and window settings, and its clock (tests move it). */
  outbox?: OutboxOptions & { clock?: Clock };
  /** Business modules: their migrations run here, their callbacks and pay handlers join the runtime's. */
  plugins?: readonly WegatePlugin[];
}

export async function createRuntime(config: WegateConfig, options: RuntimeOptions): Promise<Runtime> {
  const metrics = options.metrics ?? createMetrics();
  const plugins = options.plugins ?? [];
  checkPlugins(config, plugins);
  const alerts = createAlerts(config.alerts, { logger: options.logger, registry: metrics.registry });
  const backends = await createBackends(config, options.logger);
  try {
    await migratePlugins(backends.store, plugins);
    const sandbox = config.sandbox ? await createSandboxEmulator(config) : undefined;
    const wechat = createWeChatApps(config, {
      cache: backends.cache,
      lock: backends.lock,
      logger: options.logger,
      metrics,
      alerts,
      ...wechatHosts(config, sandbox),
    });
    const callbackInbox = runtimeCallbackInbox(config, backends);
    const pay = runtimePay(config, { ...backends, alerts }, options.logger, sandbox);
    const callbacks = routersFor(config.sandbox ? sandboxRouters(config) : undefined, plugins);
    const outbox = runtimeOutbox(config, { ...backends, ...wechat, ...options, alerts }, callbacks);
    addPluginCallbacks(callbacks, plugins);
    const realtime = runtimeRealtime(config, backends, metrics, options.logger);
    const deps: ServerDeps = {
      logger: options.logger,
      store: backends.store,
      cache: backends.cache,
      lock: backends.lock,
      queue: backends.queue,
      metrics,
      alerts,
      apps: wechat.apps,
      callbackInbox,
      ...(callbacks ? { callbacks } : {}),
      outbox,
      rateLimiter: runtimeRateLimiter(backends.redis, redisPrefixOf(config)),
      ...(sandbox ? { emulator: sandbox.plugin } : {}),
      ...payParts(config, pay, options.logger, plugins),
      ...(plugins.length > 0 ? { plugins } : {}),
      realtime,
      health: redisProbe(backends),
      ...runtimePlatform(config, { ...backends, metrics, logger: options.logger }),
    };
    return { deps, close: () => closeRuntime([callbackInbox, alerts, realtime, wechat, backends]) };
  } catch (error) {
    await backends.close();
    throw error;
  }
}

/** Over Redis, events reach every instance; without it, this process's subscribers only. */
function runtimeRealtime(config: WegateConfig, backends: Backends, metrics: Metrics, logger: Logger) {
  return createRealtime({
    ...(backends.redis ? { redis: backends.redis, keyPrefix: `${redisPrefixOf(config)}:rt:` } : {}),
    registry: metrics.registry,
    onError: (err) => logger.warn({ err }, 'realtime error'),
  });
}

/** In order: no new callbacks, the grouped alerts sent, then clients, queues and connections. */
async function closeRuntime(parts: readonly { close(): void | Promise<void> }[]): Promise<void> {
  for (const part of parts) await part.close();
}

/**
 * One inbox per process: over Redis, retries dedupe across instances; without it, in this process's
 * memory (answered at once, no promise per push). Replies are kept beyond the timestamp window, so a
 * replay the window admits is answered, not run again.
 */
function runtimeCallbackInbox(config: WegateConfig, backends: Backends) {
  const keepDoneMs = keepDoneFor(config.callback.maxSkewS);
  return createCallbackInbox({ ...(backends.redis ? { cache: backends.cache } : {}), keepDoneMs });
}

/** WeChat Pay when a merchant is configured (sandbox: against the in-process emulator). */
function runtimePay(
  config: WegateConfig,
  backends: Backends & { alerts?: AlertObserver },
  logger: RuntimeOptions['logger'],
  sandbox: { baseUrl: () => string } | undefined,
): PayServices | undefined {
  if (!config.pay) return undefined;
  const deps = { ...backends, logger, ...(sandbox ? { sandboxBaseUrl: sandbox.baseUrl } : {}) };
  return createPayServices(config, config.pay, deps);
}

/** The pay services, the plugins' pay handlers and in sandbox mode the handlers that log pay events. */
function payParts(
  config: WegateConfig,
  pay: PayServices | undefined,
  logger: RuntimeOptions['logger'],
  plugins: readonly WegatePlugin[],
) {
  if (!pay) return {};
  const payHandlers = mergePayHandlers(config.sandbox ? sandboxPayHandlers(logger) : undefined, plugins);
  return payHandlers ? { pay, payHandlers } : { pay };
}

/** Sandbox: the emulator runs in-process on the server's own port; clients learn that port after listen. */
async function createSandboxEmulator(config: WegateConfig) {
  const { createSandboxEmulatorPlugin } = await import('./sandbox-emulator.js');
  return createSandboxEmulatorPlugin(config);
}

/** Where the apps' clients reach WeChat's API and QR images: its hosts, or (sandbox) the server itself. */
function wechatHosts(config: WegateConfig, sandbox: { baseUrl: () => string } | undefined) {
  if (sandbox) return { baseUrl: sandbox.baseUrl, mpWeb: sandbox.baseUrl };
  return { baseUrl: () => config.hosts.api, mpWeb: () => config.hosts.mpWeb };
}

/** Sandbox: every app answers with the sandbox router (welcome, echo, keywords, menu keys). */
function sandboxRouters(config: WegateConfig): Record<string, Router<CallbackContext>> {
  const url = config.serverUrl;
  return Object.fromEntries(
    Object.keys(config.apps).map((name) => [name, createSandboxRouter<CallbackContext>({ url })]),
  );
}

/** The outbox over the runtime's store, queue and Redis; Mini Program routers record subscribe choices. */
function runtimeOutbox(
  config: WegateConfig,
  parts: Pick<ServerDeps, 'store' | 'queue' | 'apps' | 'logger'> & {
    redis?: Redis;
    outbox?: RuntimeOptions['outbox'];
    alerts?: AlertObserver;
  },
  callbacks: Record<string, Router<CallbackContext>> | undefined,
) {
  const { clock, ...options } = parts.outbox ?? {};
  return createRuntimeOutbox({
    options,
    deps: {
      store: parts.store,
      queue: parts.queue,
      apps: parts.apps,
      logger: parts.logger,
      ...(clock ? { clock } : {}),
      ...(parts.alerts ? { alerts: parts.alerts } : {}),
    },
    ...(parts.redis ? { redis: parts.redis } : {}),
    redisPrefix: redisPrefixOf(config),
    appTypes: Object.fromEntries(Object.entries(config.apps).map(([name, app]) => [name, app.type])),
    ...(callbacks ? { routers: callbacks as Record<string, Router<never>> } : {}),
  });
}

/** Readiness asks Redis itself, not through the cache; the store is migrated before deps exist. */
function redisProbe(backends: Backends) {
  const { redis } = backends;
  return redis ? { redis: () => redis.ping() } : {};
}
