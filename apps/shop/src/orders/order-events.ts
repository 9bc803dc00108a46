/** @module Status events to the buyer's realtime topic (`user:<id>`), sent only after the commit that made them. */
import type { Shop } from '../shop-context.js';
import type { OrderStatus } from '../tables.js';

/** Best effort: a realtime outage never undoes or fails a committed change (the order's GET stays the truth). */
export async function publishStatus(shop: Shop, order: { id: string; user_id: string }, status: OrderStatus) {
  await shop.ctx.realtime
    .publish(`user:${order.user_id}`, { type: 'order.status', data: { id: order.id, status } })
    .catch((err: unknown) =>
      shop.ctx.logger.warn({ err, orderId: order.id }, 'shop: realtime publish failed'),
    );
}
