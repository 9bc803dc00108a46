/** @module The realtime routes: `GET /api/realtime/sse` and `GET /api/realtime/ws`. */
export { appRealtime, registerRealtime, type RealtimeRouteOptions } from './register-realtime.js';
export { pluginRealtime } from './plugin-realtime.js';
