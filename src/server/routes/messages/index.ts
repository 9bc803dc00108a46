/** @module The outbox's HTTP routes. */
export { registerMessages } from './register-messages.js';
export { messageRoutes, type MessageRoutesOptions } from './message-routes.js';
