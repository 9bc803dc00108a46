/** @module The callback's `ctx` type under its former path; it lives in src/callback/callback-context.ts. */
export type { CallbackContext } from '../../../callback/index.js';
