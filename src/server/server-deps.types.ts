/** What the server is built from; createRuntime() makes these from config, tests pass their own. */
import type { Logger } from 'pino';
import type { Cache, Lock, Queue, RateLimiter, RateLimitOptions, Store } from '../kernel/ports/index.js';
import type { Metrics } from './plugins/metrics.js';
import type { FastifyPluginAsync } from 'fastify';
import type { FileRoutesOptions } from './routes/files/file-routes.types.js';
import type { Router } from '../callback/index.js';
import type { CallbackInbox } from '../callback/inbox/index.js';
import type { CallbackContext, WeChatApp } from '../callback/index.js';
import type { PayHandlers, PayServices } from './routes/pay/pay-services.types.js';
import type { Outbox } from '../outbox/index.js';
import type { WegatePlugin } from './define-plugin.js';
import type { AuditLog } from '../audit/index.js';
import type { Limits } from '../limits/index.js';
import type { RealtimeService } from '../realtime/index.js';
import type { Alerts } from '../telemetry/alerts/index.js';
import type { HealthProbes } from './routes/health/readiness-checks.js';

/** One configured WeChat app with its API client and credential brokers (defined with the callback's ctx). */
export type { WeChatApp };

export interface ServerDeps {
  readonly logger: Logger;
  readonly store: Store;
  readonly cache: Cache;
  readonly lock: Lock;
  readonly queue: Queue;
  readonly metrics: Metrics;
  /** Errcode and failure alerts (rules, robot webhook); products and plugins report to it. */
  readonly alerts?: Alerts;
  readonly apps: Readonly<Record<string, WeChatApp>>;
  /** Callback routers by app name; an app without one answers `success` (sandbox: the sandbox router). */
  readonly callbacks?: Readonly<Record<string, Router<CallbackContext>>>;
  /** Dedupe inbox of callbacks; default: one over `cache`. */
  readonly callbackInbox?: CallbackInbox;
  /** Sandbox: the in-process emulator, mounted on the server's own port. */
  readonly emulator?: FastifyPluginAsync;
  /** WeChat Pay (when `config.pay` is set): mounts POST /pay/notify and schedules reconciliation. */
  readonly pay?: PayServices;
  /** Business handlers of pay events (`pay.transaction.success`, `pay.refund.success`…), run from the queue. */
  readonly payHandlers?: PayHandlers;
  /** Limits of `/api/files` (size, accepted types); defaults when absent. */
  readonly fileRoutes?: FileRoutesOptions;
  /** The message outbox: mounts /api/messages and runs the `outbox.send` and `wechat.reply-later` workers. */
  readonly outbox?: Outbox;
  /** Rate limiters (Redis-backed when the runtime has Redis); default: in-process memory. */
  readonly rateLimiter?: (options: RateLimitOptions) => RateLimiter;
  /** Business modules: buildApp registers their routes and job handlers (createRuntime did the rest). */
  readonly plugins?: readonly WegatePlugin[];
  /** The audit log of sensitive operations; default: one over `store` and `queue`. */
  readonly audit?: AuditLog;
  /** Inbound limits by route class (Redis-backed when the runtime has Redis); default: in this process. */
  readonly limits?: Limits;
  /** Realtime push (`/api/realtime/*`, plugins' `ctx.realtime`); default: one in this process's memory. */
  readonly realtime?: RealtimeService;
  /** What `/readyz` asks beyond the store and queue (Redis, migrations); the runtime fills it. */
  readonly health?: HealthProbes;
}
