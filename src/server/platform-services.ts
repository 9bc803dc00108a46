/**
 * @module The platform services every route and plugin may use — the audit log and inbound limits — made
 * from the runtime's parts (limits on Redis when it has one) or, when a test builds the app from its own
 * deps, over the store, queue and process memory; buildApp runs them while the app does.
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { createAudit, type AuditLog } from '../audit/index.js';
import type { WegateConfig } from '../config/config.types.js';
import {
  createLimits,
  createMemorySlidingWindow,
  createRedisSlidingWindow,
  watchLimitSettings,
  type LimitClassSettings,
  type Limits,
} from '../limits/index.js';
import { redisPrefixOf } from './create-backends.js';
import { createLimitHook } from './plugins/limit-hook.js';
import type { Metrics } from './plugins/metrics.js';
import { registerAdmin } from './routes/admin/index.js';
import type { ServerDeps } from './server-deps.types.js';

const HOUR_MS = 3_600_000;

/** `wegate_limit_checks_total{class,outcome}`, once per registry. */
function limitObserver(metrics: Metrics) {
  const name = 'wegate_limit_checks_total';
  const counter =
    (metrics.registry.getSingleMetric(name) as Counter<'class' | 'outcome'> | undefined) ??
    new Counter({
      name,
      help: 'Inbound limit checks by route class and outcome (allowed, limited, error_open, error_closed)',
      labelNames: ['class', 'outcome'],
      registers: [metrics.registry],
    });
  return (routeClass: string, outcome: string) => counter.inc({ class: routeClass, outcome });
}

/** Limits on Redis when there is one (every instance counts in the same windows), else in this process. */
export function createRuntimeLimits(
  config: WegateConfig,
  parts: { redis?: Redis | undefined; metrics: Metrics; logger: Pick<Logger, 'warn'> },
): Limits {
  return createLimits({
    store: parts.redis
      ? createRedisSlidingWindow({ redis: parts.redis, keyPrefix: `${redisPrefixOf(config)}:limits:` })
      : createMemorySlidingWindow(),
    ...(config.limits ? { settings: config.limits } : {}),
    failMode: config.limitsFailMode ?? 'open',
    observe: limitObserver(parts.metrics),
    onError: (err, routeClass) => parts.logger.warn({ err, routeClass }, 'limits: store unavailable'),
  });
}

/**
 * Each instance watches its own config file (fs.watch and a 1 s poll) and applies a changed `limits`
 * section without a restart; the change is recorded in the audit log.
 */
function watchLimits(config: WegateConfig, deps: ServerDeps, limits: Limits, audit: AuditLog) {
  const file = config.configFile;
  if (file === undefined) return undefined;
  return watchLimitSettings({
    file,
    onChange(settings) {
      const before = limits.settings();
      limits.update(settings);
      deps.logger.info({ classes: Object.keys(settings) }, 'limits reloaded from the config file');
      audit
        .record({ actor: 'system:config', action: 'limits.change', before, after: settings, result: 'ok' })
        .catch((err: unknown) => deps.logger.warn({ err }, 'audit: limits change not recorded'));
    },
    onInvalid: (reason) => deps.logger.warn(`limits not reloaded: ${file} ${reason}`),
  });
}

/** The runtime's audit log (over its store and durable queue) and limits (on its Redis, when it has one). */
export function runtimePlatform(
  config: WegateConfig,
  parts: Pick<ServerDeps, 'store' | 'queue' | 'metrics' | 'logger'> & { redis?: Redis | undefined },
): Pick<ServerDeps, 'audit' | 'limits'> {
  return {
    audit: createAudit({ store: parts.store, queue: parts.queue, logger: parts.logger }),
    limits: createRuntimeLimits(config, parts),
  };
}

/**
 * The deps with `audit` and `limits` filled in, and `GET /api/admin/audit` mounted; the audit worker, its
 * hourly prune and the limits watcher run until the app closes.
 */
export function withPlatformServices(
  app: FastifyInstance,
  config: WegateConfig,
  deps: ServerDeps,
): ServerDeps {
  const audit = deps.audit ?? createAudit({ store: deps.store, queue: deps.queue, logger: deps.logger });
  const limits = deps.limits ?? createRuntimeLimits(config, deps);
  const running = audit.start();
  const days = config.audit?.retentionDays;
  const prune = days
    ? setInterval(() => {
        audit.prune(days).catch((err: unknown) => deps.logger.warn({ err }, 'audit: prune failed'));
      }, HOUR_MS).unref()
    : undefined;
  const watcher = watchLimits(config, deps, limits, audit);
  app.addHook('onClose', async () => {
    watcher?.close();
    clearInterval(prune);
    await running.close();
  });
  registerAdmin(app, config, { ...deps, audit });
  return { ...deps, audit, limits };
}

/** A limited route class's preHandler; a no-op when the deps carry no limits (routes built alone in tests). */
export function limitHookOf(
  deps: Pick<ServerDeps, 'limits'>,
  routeClass: string,
): preHandlerAsyncHookHandler {
  return deps.limits ? createLimitHook(deps.limits, routeClass) : async () => undefined;
}

/** What plugins get: the audit log and `limit(class, defaults?)`. */
export function pluginPlatform(config: WegateConfig, deps: ServerDeps) {
  const audit = deps.audit ?? createAudit({ store: deps.store, queue: deps.queue });
  const limits = deps.limits ?? createRuntimeLimits(config, deps);
  return {
    audit,
    limit: (routeClass: string, defaults?: LimitClassSettings) =>
      createLimitHook(limits, routeClass, defaults),
  };
}
