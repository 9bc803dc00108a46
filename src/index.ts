/** @module wegate: typed WeChat clients over a small kernel, plus configuration and adapters. */
export * from './kernel/index.js';
export * from './config/index.js';
export * from './callback/index.js';
export * from './adapters/memory/index.js';
export * from './official-account/index.js';
