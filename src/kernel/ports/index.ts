/** @module Ports: the small interfaces adapters implement. */
export type * from './cache.types.js';
export type * from './lock.types.js';
export type * from './rate-limiter.types.js';
export type * from './queue.types.js';
export type * from './store.types.js';
export * from './clock.types.js';
export * from './job-errors.js';
