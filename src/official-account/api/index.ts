/** @module The Official Account API clients (the same list as `src/official-account/index.ts`). */
export * from '../index.js';
