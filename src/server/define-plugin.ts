/**
 * @module definePlugin(): a business module for `wegate serve` — routes, callback handlers, pay-event and
 * job handlers, and its own migrations.
 * @example
 * import { definePlugin, replyText } from 'wegate/server';
 * export default definePlugin({
 *   name: 'hello',
 *   callbacks: { oa: (router) => router.onKeyword('hi', (m) => replyText(m, 'hello')) },
 * });
 */
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { Migration } from 'kysely';
import type { Logger } from 'pino';
import type { Router } from '../callback/index.js';
import type { WegateConfig } from '../config/config.types.js';
import type { JobHandler } from '../kernel/ports/index.js';
import type { Outbox } from '../outbox/index.js';
import type { AuthUser } from '../mini-program/session/session-service.js';
import type { CallbackContext } from '../callback/index.js';
import type { PayHandlers, PayServices } from './routes/pay/pay-services.types.js';
import type { ServerDeps } from './server-deps.types.js';
import type { AuditLog } from '../audit/index.js';
import type { LimitClassSettings } from '../limits/index.js';
import type { Realtime, TopicAuthorizer } from '../realtime/index.js';
import type { CloudDatabase } from '../cloud/index.js';
import './plugins/auth.js';

export type { AuthUser };

/** One migration of a plugin: `up` (and `down`) get the database as a Kysely instance. */
export type PluginMigration = Migration;

/** What `register` gets besides its Fastify scope: the server's dependencies. */
export interface PluginContext extends Pick<
  ServerDeps,
  'apps' | 'store' | 'cache' | 'lock' | 'queue' | 'metrics' | 'rateLimiter' | 'alerts'
> {
  /** The plugin's own name. */
  readonly name: string;
  readonly config: WegateConfig;
  /** A child of the server's logger, tagged `{ plugin: name }`. */
  readonly logger: Logger;
  /** The message outbox (customer-service, template and subscribe messages). */
  readonly outbox: Outbox | undefined;
  /** WeChat Pay (client, orders, reconciler) when a merchant is configured. */
  readonly pay: PayServices | undefined;
  /**
   * The preHandler of the `/api/*` routes: a bearer JWT from `/api/auth/login`, else 401 in the
   * envelope; sets `request.user` (`AuthUser`).
   */
  readonly requireUser: preHandlerAsyncHookHandler;
  /**
   * The preHandler of admin routes: `Authorization: Bearer <WEGATE_ADMIN_KEY>`, else 401 (4017); without
   * `WEGATE_ADMIN_KEY` the route answers 404 to everyone.
   */
  readonly requireAdmin: preHandlerAsyncHookHandler;
  /**
   * The audit log: `audit.recordInTransaction(trx, entry)` inside the operation's transaction, or
   * `audit.record(entry)` (through the durable queue) after it; see docs/audit.md.
   */
  readonly audit: AuditLog;
  /**
   * The preHandler of an inbound-limit route class (`shop.order`…): per user (after `requireUser`) and per
   * IP, from the config file's `limits`, else `defaults`; 429 with `Retry-After` past it.
   */
  limit(routeClass: string, defaults?: LimitClassSettings): preHandlerAsyncHookHandler;
  /** Realtime push to users' pages: publish to `user:<id>` or the plugin's own topics, and authorise those. */
  readonly realtime: PluginRealtime;
  /**
   * The Mini Program's cloud development environment (`WECHAT_CLOUD_ENV`, or the sandbox's), called with
   * the first Mini Program app's access_token (`mp` first); undefined without an environment or an app.
   */
  readonly cloud: PluginCloud | undefined;
}

/** What plugins get of cloud development. */
export interface PluginCloud {
  /** The environment id. */
  readonly env: string;
  /** Its document database (the collections `wx.cloud.database()` reads in the Mini Program). */
  readonly database: CloudDatabase;
}

/** What plugins get of the realtime service. */
export interface PluginRealtime extends Pick<Realtime, 'publish' | 'subscribe'> {
  /**
   * Lets users receive more topics than their own `user:<id>` (asked for with `?topic=`): `fn` says yes or
   * no per user and topic. Another user's `user:` topic is never granted.
   */
  authorize(fn: TopicAuthorizer<AuthUser>): void;
}

export interface WegatePlugin {
  /** Lower-case letters, digits and `-`, up to 32 characters; names its migration table. */
  readonly name: string;
  /** Adds routes, hooks and decorators to its own Fastify scope (the envelope and error handling hold). */
  readonly register?: (app: FastifyInstance, ctx: PluginContext) => void | Promise<void>;
  /**
   * Adds handlers to an app's callback router, by app name (`oa`, `mp`…). wegate's own middleware
   * (subscribe-message choices) runs first; in sandbox mode the sandbox answers stay for whatever the
   * plugin does not handle.
   */
  readonly callbacks?: Readonly<Record<string, (router: Router<CallbackContext>) => void>>;
  /** Handlers of verified pay events (`pay.transaction.success`, `pay.refund.success`…), run from the queue. */
  readonly payHandlers?: PayHandlers;
  /** Queue job handlers by job name (prefix the names with the plugin's name). */
  readonly jobs?: Readonly<Record<string, JobHandler<never>>>;
  /** The plugin's own migrations, applied in name order and recorded in `wegate_plugin_<name>_migrations`. */
  readonly migrations?: Readonly<Record<string, PluginMigration>>;
}

const NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Why `value` is not a plugin, or undefined when it is one. */
export function pluginProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'is not a definePlugin({...}) result';
  const plugin = value as Record<string, unknown>;
  if (typeof plugin['name'] !== 'string' || !NAME.test(plugin['name'])) {
    return 'needs a name of lower-case letters, digits and "-" (at most 32, starting with a letter)';
  }
  if (plugin['register'] !== undefined && typeof plugin['register'] !== 'function') {
    return 'register must be a function';
  }
  for (const key of ['callbacks', 'payHandlers', 'jobs', 'migrations']) {
    const part = plugin[key];
    if (part !== undefined && (typeof part !== 'object' || part === null)) return `${key} must be an object`;
  }
  return undefined;
}

/** The table recording a plugin's migrations. */
export function pluginMigrationTable(name: string): string {
  return `wegate_plugin_${name.replaceAll('-', '_')}_migrations`;
}

/** Checks and returns `plugin`: the default export of a module named in `WEGATE_PLUGINS`. */
export function definePlugin<const P extends WegatePlugin>(plugin: P): P {
  const problem = pluginProblem(plugin);
  if (problem !== undefined) throw new TypeError(`plugin ${String(plugin?.name)}: ${problem}`);
  return plugin;
}
