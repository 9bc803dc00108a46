/** @module Mini Program sessions: users and identities, JWT + refresh tokens, phone numbers (audited), key rotation. */
export * from './phone-book.js';
export * from './refresh-tokens.js';
export * from './rotate-field-keys.js';
export * from './session-service.js';
export * from './user-store.js';
