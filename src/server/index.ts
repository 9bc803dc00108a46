/**
 * @module wegate/server: `wegate serve` in code (main, createServer), plugins (definePlugin) and the
 * types a plugin is written against.
 * @example
 * import { createServer, definePlugin, ok, replyText } from 'wegate/server';
 * const hello = definePlugin({
 *   name: 'hello',
 *   callbacks: { oa: (router) => router.onKeyword('hi', (m) => replyText(m, 'hello')) },
 *   register: (app, ctx) => {
 *     app.get('/api/hello/me', { preHandler: ctx.requireUser }, async (request) => ok(request.user));
 *   },
 * });
 * const app = await createServer({ plugins: [hello] });
 * await app.listen({ port: 8080 });
 */
export { buildApp, type BuildAppOptions } from './build-app.js';
export { main, type MainOptions, type RunningServer } from './main.js';
export { createServer, type CreateServerOptions } from './create-server.js';
export {
  definePlugin,
  type AuthUser,
  type PluginContext,
  type PluginRealtime,
  type PluginCloud,
  type PluginMigration,
  type WegatePlugin,
} from './define-plugin.js';
export { createRuntime, type Runtime, type RuntimeOptions } from './create-runtime.js';
export { createMetrics, type Metrics } from './plugins/metrics.js';
/** Errcode and failure alerts: plugins report their own events through `ctx.alerts`. */
export {
  AlertEventName,
  DEFAULT_ALERT_RULES,
  createAlerts,
  type AlertEvent,
  type AlertObserver,
  type AlertRule,
  type Alerts,
} from '../telemetry/alerts/index.js';
export { ok, type Envelope } from './plugins/envelope.js';
export {
  ApiProblem,
  ErrorCodes,
  isApiProblem,
  problemFromError,
  type ErrorCodeEntry,
  type ErrorCodeName,
  type ProblemAnswer,
} from './envelope/index.js';
export type { ServerDeps, WeChatApp } from './server-deps.types.js';
/** The audit log and inbound limits plugins get as `ctx.audit` and `ctx.limit` (docs/audit.md, docs/limits.md). */
export type {
  AuditEntry,
  AuditLog,
  AuditPage,
  AuditQuery,
  AuditRecord,
  AuditVerdict,
} from '../audit/index.js';
export type { LimitClassSettings, LimitDecision, LimitSettings, Limits } from '../limits/index.js';
export type { CallbackContext } from '../callback/index.js';
export type { PayHandlers, PayServices } from './routes/pay/pay-services.types.js';
export type { Router } from '../callback/index.js';
/** Passive replies, for plugins' callback handlers (also in `wegate/callback`). */
export { replyText, replyNews, replyImage } from '../callback/index.js';
