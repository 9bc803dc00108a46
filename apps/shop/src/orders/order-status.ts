/** @module The order state machine: every change is one guarded UPDATE (… WHERE status IN the allowed sources). */
import { OrderStatus, type OrdersTable, type ShopDb } from '../tables.js';

/** Where each status may go. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: [OrderStatus.Paid, OrderStatus.Cancelled, OrderStatus.Closed],
  paid: [OrderStatus.Shipped, OrderStatus.Refunding],
  shipped: [OrderStatus.Completed, OrderStatus.Refunding],
  completed: [],
  // A payment that arrives for an order cancelled or closed meanwhile is refunded.
  cancelled: [OrderStatus.Refunding],
  closed: [OrderStatus.Refunding],
  refunding: [OrderStatus.Refunded],
  refunded: [],
};

/**
 * Moves the order from one of `from` to `to`; true for the single caller whose update matched. Concurrent
 * callers (two notifications, a notification and a status check, a timeout and a cancel) get false.
 */
export async function transition(
  db: ShopDb,
  orderId: string,
  from: readonly OrderStatus[],
  to: OrderStatus,
  now: number,
  extra: Partial<Pick<OrdersTable, 'paid_at' | 'out_refund_no' | 'saga'>> = {},
): Promise<boolean> {
  for (const source of from) {
    if (!TRANSITIONS[source].includes(to)) throw new RangeError(`order status ${source} cannot become ${to}`);
  }
  const result = await db
    .updateTable('shop_orders')
    .set({ status: to, updated_at: now, ...extra })
    .where('id', '=', orderId)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export const orderById = (db: ShopDb, id: string) =>
  db.selectFrom('shop_orders').selectAll().where('id', '=', id).executeTakeFirst();

export const orderByOutTradeNo = (db: ShopDb, outTradeNo: string) =>
  db.selectFrom('shop_orders').selectAll().where('out_trade_no', '=', outTradeNo).executeTakeFirst();
