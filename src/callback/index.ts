/**
 * @module wegate/callback: Official Account callbacks and Mini Program message push, framework-agnostic —
 * createCallbackHandler (plain request in, plain answer out), the router, passive replies, the inbox.
 * @example
 * import { createCallbackHandler, createRouter, replyText, type CallbackHandlerDeps } from 'wegate/callback';
 * declare const deps: Omit<CallbackHandlerDeps, 'routers'>;
 * const oa = createRouter().onKeyword('hi', (m) => replyText(m, 'hello'));
 * const callbacks = createCallbackHandler({ ...deps, routers: { oa } });
 * const { status, headers, body } = await callbacks.handle({ method: 'POST', appName: 'oa', query, body: raw });
 */
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
export { ANSWER_LOG_EVERY, createCallbackHandler } from './create-callback-handler.js';
export type * from './callback-handler.types.js';
export type { CallbackContext, WeChatApp } from './callback-context.js';
