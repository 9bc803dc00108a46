/** @module The server: buildApp (no listen), main, the runtime and its dependency types. */
export { buildApp } from './build-app.js';
export { main, type MainOptions, type RunningServer } from './main.js';
export { createRuntime, type Runtime, type RuntimeOptions } from './create-runtime.js';
export { createMetrics, type Metrics } from './plugins/metrics.js';
export { ok, type Envelope } from './plugins/envelope.js';
export type { ServerDeps, WeChatApp } from './server-deps.types.js';
