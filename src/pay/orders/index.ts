/** @module Pay orders: our order, refund and notification tables and the transitions between their states. */
export { createPayOrders, type PayOrders } from './create-pay-orders.js';
export * from './pay-orders.types.js';
