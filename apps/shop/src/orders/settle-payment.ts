/**
 * @module Payments and refunds: one guarded path to `paid` shared by the pay notification's handler and the
 * buyer's status check; a payment for an order cancelled or closed meanwhile is refunded; refunds go
 * `refunding` → (WeChat's refund notification) → `refunded` with the stock returned once.
 */
import type { Job } from 'wegate';
import type { PayHandlers } from 'wegate/server';
import type { Shop } from '../shop-context.js';
import { shopProblem } from '../shop-errors.js';
import { OrderStatus, type OrdersTable } from '../tables.js';
import { notifyPaid } from './notify-buyer.js';
import { publishStatus } from './order-events.js';
import { auditedTransition, SystemActor, type AuditSource } from './order-audit.js';
import { orderById, orderByOutTradeNo } from './order-status.js';
import { linesOf, releaseStock, stepState } from './saga-steps.js';

export const REFUND_JOB = 'shop.refund';
const UNPAID_ENDS: readonly OrderStatus[] = [OrderStatus.Cancelled, OrderStatus.Closed];
const PAID_OR_LATER: readonly OrderStatus[] = [OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Completed];

/** pending_payment → paid once; the coupon becomes used in the same transaction; the message after commit. */
export async function markPaid(shop: Shop, order: OrdersTable, source: AuditSource): Promise<boolean> {
  const now = shop.now();
  const changed = await shop.db.transaction().execute(async (trx) => {
    const moved = await auditedTransition(shop, trx, {
      orderId: order.id,
      from: [OrderStatus.PendingPayment],
      to: OrderStatus.Paid,
      now,
      extra: { paid_at: now },
      source,
    });
    if (!moved) return false;
    // An order's coupon is fixed when it is placed: without one there is no use to mark.
    if (order.coupon_id !== null) {
      await trx
        .updateTable('shop_coupon_uses')
        .set({ state: 'used', updated_at: now })
        .where('order_id', '=', order.id)
        .execute();
    }
    return true;
  });
  if (changed) {
    shop.metrics.transitions.inc({ status: OrderStatus.Paid });
    await publishStatus(shop, order, OrderStatus.Paid);
    // The cloud catalog's stock stays taken: its marker is no longer needed (left behind on failure).
    await shop.catalog.remoteStock
      ?.commit(order.id, await linesOf(shop.db, order.id))
      .catch((err: unknown) => shop.ctx.logger.warn({ err, orderId: order.id }, 'shop: stock commit failed'));
  }
  return changed;
}

/** A verified payment (notification or query) for `order`: paid once, else refunded when the order had ended. */
export async function settlePayment(
  shop: Shop,
  order: OrdersTable,
  source: AuditSource = { actor: SystemActor.PayNotify },
): Promise<void> {
  const paidNow = await markPaid(shop, order, source);
  // This call moved it: it is paid. Otherwise whatever moved it first is read.
  const current = paidNow ? { ...order, status: OrderStatus.Paid } : await orderById(shop.db, order.id);
  if (!current) return;
  if (PAID_OR_LATER.includes(current.status)) await notifyPaid(shop, current);
  else if (UNPAID_ENDS.includes(current.status) || current.status === OrderStatus.Refunding) {
    await startRefund(shop, current, [...UNPAID_ENDS], 'paid after the order had ended', source);
  }
}

/** `from` → refunding (once), then the refund at WeChat Pay (same out_refund_no on every retry). */
export async function startRefund(
  shop: Shop,
  order: OrdersTable,
  from: OrderStatus[],
  reason: string,
  source: AuditSource,
): Promise<void> {
  const outRefundNo = order.out_refund_no ?? `R${order.out_trade_no}`;
  const now = shop.now();
  const moved = await shop.db.transaction().execute((trx) =>
    auditedTransition(shop, trx, {
      orderId: order.id,
      from,
      to: OrderStatus.Refunding,
      now,
      extra: { out_refund_no: outRefundNo },
      source,
    }),
  );
  const current = moved ? { ...order, status: OrderStatus.Refunding } : await orderById(shop.db, order.id);
  if (current?.status !== OrderStatus.Refunding)
    throw shopProblem('OrderStateConflict', `order is ${current?.status}`);
  if (moved) {
    shop.metrics.transitions.inc({ status: OrderStatus.Refunding });
    await publishStatus(shop, order, OrderStatus.Refunding);
  }
  try {
    await requestRefund(shop, { ...order, out_refund_no: outRefundNo }, reason);
  } catch (error) {
    shop.ctx.logger.warn(
      { err: error, orderId: order.id },
      'shop refund request failed; retrying from the queue',
    );
    await shop.ctx.queue.enqueue(
      REFUND_JOB,
      { orderId: order.id, reason },
      { idempotencyKey: `refund:${order.id}`, attempts: 20, backoff: { type: 'exponential', delayMs: 2000 } },
    );
  }
}

async function requestRefund(shop: Shop, order: OrdersTable, reason: string): Promise<void> {
  const orders = shop.ctx.pay?.orders;
  if (!orders) throw new Error('no WeChat Pay merchant is configured');
  await orders.refund({
    outTradeNo: order.out_trade_no,
    outRefundNo: order.out_refund_no ?? `R${order.out_trade_no}`,
    amount: order.total,
    reason,
  });
}

/** The refund's notification: refunding → refunded, stock back unless a cancellation returned it already. */
export async function finishRefund(shop: Shop, order: OrdersTable): Promise<void> {
  // The cloud catalog's stock comes back first, by a guarded call, unless a cancellation returned it.
  const remote = shop.catalog.remoteStock;
  if (remote) {
    const current = await orderById(shop.db, order.id);
    if (
      current?.status === OrderStatus.Refunding &&
      (await stepState(shop.db, order.id, 'reserve')) === 'done'
    )
      await remote.restock(order.id, await linesOf(shop.db, order.id));
  }
  const now = shop.now();
  const changed = await shop.db.transaction().execute(async (trx) => {
    const moved = await auditedTransition(shop, trx, {
      orderId: order.id,
      from: [OrderStatus.Refunding],
      to: OrderStatus.Refunded,
      now,
      source: { actor: SystemActor.PayNotify },
    });
    if (!moved) return false;
    await releaseStock(trx, order.id, now, remote !== undefined);
    return true;
  });
  if (changed) {
    shop.metrics.transitions.inc({ status: OrderStatus.Refunded });
    await publishStatus(shop, order, OrderStatus.Refunded);
  }
}

export function shopPayHandlers(shop: () => Shop): PayHandlers {
  const handle =
    (settle: (s: Shop, order: OrdersTable, source: AuditSource) => Promise<void>) =>
    async (job: Job<{ outTradeNo: string }>) => {
      const s = shop();
      const order = await orderByOutTradeNo(s.db, job.data.outTradeNo);
      // Not a shop order (another module's payment): nothing to do here.
      if (order) await settle(s, order, { actor: SystemActor.PayNotify });
    };
  return { 'pay.transaction.success': handle(settlePayment), 'pay.refund.success': handle(finishRefund) };
}

export function refundJob(shop: () => Shop) {
  return async (job: Job<{ orderId: string; reason: string }>) => {
    const s = shop();
    const order = await orderById(s.db, job.data.orderId);
    if (order?.status === OrderStatus.Refunding) await requestRefund(s, order, job.data.reason);
  };
}
