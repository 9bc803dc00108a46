/** @module What the buyer sees of orders: one order with its lines, and their own orders newest first, cursor-paged. */
import type { OrdersTable, ShopDb } from '../tables.js';

export const orderView = (o: OrdersTable) => ({
  id: o.id,
  status: o.status,
  subtotal: o.subtotal,
  discount: o.discount,
  total: o.total,
  couponId: o.coupon_id,
  outTradeNo: o.out_trade_no,
  createdAt: o.created_at,
  paidAt: o.paid_at,
  deadlineAt: o.deadline_at,
});

export const orderItems = (db: ShopDb, orderId: string) =>
  db
    .selectFrom('shop_order_lines')
    .select(['product_id as productId', 'title', 'price', 'quantity'])
    .where('order_id', '=', orderId)
    .execute();

const encode = (o: OrdersTable) => Buffer.from(JSON.stringify([o.created_at, o.id])).toString('base64url');

function decode(cursor: string): [number, string] | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string')
      return [value[0], value[1]];
  } catch {
    // not ours: the first page
  }
  return undefined;
}

/** The user's orders (never the refused placements kept for Idempotency-Key), newest first. */
export async function listOrders(db: ShopDb, userId: string, query: { cursor?: string; limit?: number }) {
  const limit = query.limit ?? 20;
  let select = db
    .selectFrom('shop_orders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('failure_code', 'is', null);
  const after = query.cursor === undefined ? undefined : decode(query.cursor);
  if (after) {
    const [at, id] = after;
    select = select.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    );
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(orderView), nextCursor: rows.length > limit && last ? encode(last) : null };
}
