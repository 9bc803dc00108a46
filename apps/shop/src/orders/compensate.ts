/**
 * @module Compensation of an order, in reverse: close the WeChat order, then (one transaction) release the
 * stock, unlock the coupon and end the order. Each part is guarded, so a retry or a second instance is a
 * no-op; one that keeps failing is retried from the queue and finally parked for an operator.
 */
import { isWeChatError } from 'wegate';
import type { Job } from 'wegate';
import { AlertEventName } from 'wegate/server';
import type { Shop } from '../shop-context.js';
import { OrderStatus, type OrdersTable } from '../tables.js';
import { auditedTransition, OrderAction, recordOrder, SystemActor, type AuditSource } from './order-audit.js';
import { orderById } from './order-status.js';
import { publishStatus } from './order-events.js';
import { linesOf, releaseStock, unlockCoupon } from './saga-steps.js';
import { crashPoint } from './crash-points.js';

export const COMPENSATE_JOB = 'shop.compensate';

export type CompensationEnd = typeof OrderStatus.Cancelled | typeof OrderStatus.Closed;

export interface CompensateJobData {
  readonly orderId: string;
  readonly end: CompensationEnd;
  /** Who ended it, for the audit record (default: the saga). */
  readonly source?: AuditSource;
}

const payCodeOf = (error: unknown): string | undefined =>
  isWeChatError(error) && error.code === 'WEGATE_PAY_API_ERROR'
    ? (error as { payCode?: string }).payCode
    : undefined;

/** Closes the WeChat order; 'paid' when WeChat says it was paid meanwhile (then nothing is undone). */
export async function closeWeChatOrder(shop: Shop, order: OrdersTable): Promise<'closed' | 'paid'> {
  const pay = shop.ctx.pay;
  if (!pay) return 'closed';
  try {
    await pay.client.transactions.close(order.out_trade_no);
  } catch (error) {
    const code = payCodeOf(error);
    if (code === 'ORDERPAID') return 'paid';
    if (code !== 'ORDER_NOT_EXIST' && code !== 'ORDER_CLOSED') throw error;
  }
  return 'closed';
}

/**
 * Undoes the order unless it was paid: 'done' when it is `end` with nothing left reserved, 'paid' when
 * the payment won the race (the caller settles it).
 */
export async function compensateOrder(
  shop: Shop,
  orderId: string,
  end: CompensationEnd,
  source: AuditSource = { actor: SystemActor.Saga },
): Promise<'done' | 'paid'> {
  const order = await orderById(shop.db, orderId);
  if (!order) return 'done';
  if (order.status !== OrderStatus.PendingPayment && order.status !== end) return 'paid';
  if (order.status === OrderStatus.PendingPayment && (await closeWeChatOrder(shop, order)) === 'paid')
    return 'paid';
  crashPoint(shop.options.crashAt, 'compensate.after-close');
  // The cloud catalog's stock goes back first, by its own guarded calls (a retry gives nothing twice).
  const remote = shop.catalog.remoteStock;
  if (remote) await remote.undo(orderId, await linesOf(shop.db, orderId));
  const now = shop.now();
  const ended = await shop.db.transaction().execute(async (trx) => {
    const moved = await auditedTransition(shop, trx, {
      orderId,
      from: [OrderStatus.PendingPayment],
      to: end,
      now,
      extra: { saga: 'compensating' },
      source,
    });
    const current = moved ? end : (await orderById(trx, orderId))?.status;
    if (current !== end) return false;
    await releaseStock(trx, orderId, now, remote !== undefined);
    await unlockCoupon(trx, orderId, now);
    await trx
      .updateTable('shop_saga_steps')
      .set({ state: 'compensated', updated_at: now })
      .where('order_id', '=', orderId)
      .where('step', '=', 'prepay')
      .execute();
    await trx
      .updateTable('shop_orders')
      .set({ saga: 'compensated', updated_at: now })
      .where('id', '=', orderId)
      .execute();
    return true;
  });
  if (!ended) return 'paid';
  crashPoint(shop.options.crashAt, 'compensate.after-release');
  shop.metrics.transitions.inc({ status: end });
  await publishStatus(shop, order, end);
  return 'done';
}

/** Compensates now; on failure hands it to the queue, which retries with backoff and then parks. */
export async function compensateOrRetry(
  shop: Shop,
  orderId: string,
  end: CompensationEnd,
  source: AuditSource = { actor: SystemActor.Saga },
): Promise<'done' | 'paid' | 'queued'> {
  try {
    return await compensateOrder(shop, orderId, end, source);
  } catch (error) {
    shop.ctx.logger.warn({ err: error, orderId }, 'shop compensation failed; retrying from the queue');
    await shop.db
      .updateTable('shop_orders')
      .set({ saga: 'compensating', updated_at: shop.now() })
      .where('id', '=', orderId)
      .execute();
    await shop.ctx.queue.enqueue<CompensateJobData>(
      COMPENSATE_JOB,
      { orderId, end, source },
      {
        idempotencyKey: `compensate:${orderId}:${shop.now()}`,
        attempts: shop.options.compensationAttempts,
        backoff: { type: 'exponential', delayMs: 1000 },
      },
    );
    return 'queued';
  }
}

/**
 * Hands the order to an operator: saga `parked` (with its audit record, in one transaction), the
 * `parked` metric, the `shop.order_parked` alert event and an error log line.
 */
export async function parkOrder(shop: Shop, orderId: string, error: unknown): Promise<void> {
  const now = shop.now();
  const parked = await shop.db.transaction().execute(async (trx) => {
    const order = await orderById(trx, orderId);
    if (!order || order.saga === 'parked' || order.saga === 'compensated') return false;
    await trx
      .updateTable('shop_orders')
      .set({ saga: 'parked', updated_at: now })
      .where('id', '=', orderId)
      .execute();
    await recordOrder(
      shop,
      trx,
      { actor: SystemActor.Saga },
      {
        orderId,
        action: OrderAction.Park,
        before: { status: order.status, saga: order.saga },
        after: { status: order.status, saga: 'parked' },
      },
    );
    return true;
  });
  if (!parked) return;
  shop.metrics.sagas.inc({ outcome: 'parked' });
  shop.ctx.alerts?.observe({ event: AlertEventName.ShopOrderParked, app: shop.options.app, api: orderId });
  shop.ctx.logger.error(
    { err: error, orderId, alert: 'shop.saga.parked' },
    'shop order parked: compensation keeps failing',
  );
}

/** The queue's side: retried until done; the last failed attempt parks the order. */
export function compensateJob(shop: () => Shop) {
  return async (job: Job<CompensateJobData>): Promise<void> => {
    const s = shop();
    try {
      await compensateOrder(s, job.data.orderId, job.data.end, job.data.source);
      s.metrics.sagas.inc({ outcome: 'compensated' });
    } catch (error) {
      if (job.attempt < job.maxAttempts) throw error;
      await parkOrder(s, job.data.orderId, error);
    }
  };
}
