/** @module Kernel XML: safe parsing of WeChat pushes and building of replies. */
export * from './assert-safe-xml.js';
export * from './build-xml.js';
export * from './decode-xml-text.js';
export * from './parse-xml.js';
export * from './scan-wechat-xml.js';
