/** @module Redis adapters: Cache, Lock and RateLimiter shared by every wegate process on one Redis. */
export * from './cache.js';
export * from './lock.js';
export * from './rate-limiter.js';
export * from './connect.js';
