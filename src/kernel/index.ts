/** @module The kernel: errors, ports, crypto, XML, the API client and the credential brokers. */
export * from './errors/index.js';
export * from './ports/index.js';
export * from './crypto/index.js';
export * from './xml/index.js';
export * from './http/index.js';
export * from './credential/index.js';
export { createLogger } from './log/create-logger.js';
export { redactUrl } from './log/redact-url.js';
