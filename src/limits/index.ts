/**
 * @module Inbound limits: per route class, a sliding window per user and per IP, counted in this process
 * or on Redis, with settings re-read from the config file while the server runs.
 * @example
 * import { createLimits, createMemorySlidingWindow } from './index.js';
 * const limits = createLimits({ store: createMemorySlidingWindow(), settings: { 'auth.login': { perIp: { max: 20, windowS: 60 } } } });
 * const decision = await limits.check('auth.login', { ip: '203.0.113.7' });
 */
export * from './limits.types.js';
export { createLimits, type LimitsOptions } from './create-limits.js';
export { createMemorySlidingWindow } from './memory-sliding-window.js';
export { createRedisSlidingWindow, type RedisSlidingWindowOptions } from './redis-sliding-window.js';
export { rateLimitHeaders } from './rate-limit-headers.js';
export {
  parseLimitSettings,
  watchLimitSettings,
  type WatchLimitSettingsOptions,
} from './watch-limit-settings.js';
