/** @module The callback inbox: dedupe of WeChat's retries with a lease, over the Cache port. */
export * from './callback-inbox.types.js';
export * from './create-callback-inbox.js';
