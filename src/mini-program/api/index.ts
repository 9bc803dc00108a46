/** @module Mini Program APIs: login (code2Session) and phone number. */
export * from './auth.js';
export type * from './auth.types.js';
export * from './phone.js';
