/** @module Cloud development (云开发) from the server: database, storage and functions. */
export * from './database/index.js';
export * from './storage/index.js';
export * from './functions/index.js';
