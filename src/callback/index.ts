/** @module Callback machinery shared by Official Account callbacks and Mini Program message push. */
export * from './build-reply.js';
export * from './callback-record.types.js';
export * from './create-router.js';
export * from './create-sandbox-router.js';
export * from './dedupe-key.js';
export * from './message.types.js';
export * from './open-inbound.js';
export * from './open-push.js';
export * from './parse-inbound-body.js';
export * from './parse-json-body.js';
export * from './parse-message.js';
export * from './query-param.js';
export * from './render-reply.js';
export * from './reply.types.js';
export * from './router.types.js';
export * from './verify-inbound.js';
export * from './inbox/index.js';
