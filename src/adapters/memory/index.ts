/** @module In-process adapters: Cache, Lock and RateLimiter for sandbox mode and tests. */
export * from './cache.js';
export * from './lock.js';
export * from './rate-limiter.js';
export * from './manual-clock.js';
