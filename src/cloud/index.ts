/** @module Cloud development (云开发) from the server: database now; storage and functions come next. */
export * from './database/index.js';
