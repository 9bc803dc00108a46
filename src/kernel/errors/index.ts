/** @module Errors: classes, guards and the WeChat errcode table. */
export * from './wechat-error.js';
export * from './errcodes.js';
export * from './problem.js';
