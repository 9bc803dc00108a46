/** @module The callback inbox: dedupe of WeChat's retries with a lease, over its own store port. */
export * from './callback-inbox.types.js';
export * from './create-callback-inbox.js';
export * from './inbox-store.js';
export * from './memory-inbox-store.js';
