/**
 * @module Unpaid orders end on time without an in-process timer: a durable delayed job per order plus a
 * periodic sweep (one per time slot across instances), both surviving restarts. Closing the WeChat order
 * comes first, then the guarded cancel, so a payment racing the timeout is settled, never cancelled.
 * The sweep also recovers sagas a crash left in the middle.
 */
import type { Job } from 'wegate';
import type { Shop } from '../shop-context.js';
import { OrderStatus, type OrdersTable } from '../tables.js';
import { compensateOrRetry, type CompensationEnd } from './compensate.js';
import { orderById } from './order-status.js';
import { settlePayment } from './settle-payment.js';

export const TIMEOUT_JOB = 'shop.unpaid-timeout';
export const SWEEP_JOB = 'shop.sweep';
const BATCH = 100;

/** `again`: a job that ran early (clocks apart) enqueues its successor under a key of its own. */
export async function scheduleUnpaidTimeout(shop: Shop, order: OrdersTable, again = ''): Promise<void> {
  await shop.ctx.queue.enqueue(
    TIMEOUT_JOB,
    { orderId: order.id },
    {
      idempotencyKey: `timeout:${order.id}${again}`,
      delayMs: Math.max(0, order.deadline_at - shop.now()),
      attempts: 10,
      backoff: { type: 'exponential', delayMs: 1000 },
    },
  );
}

/** Ends an unpaid order (`cancelled` by the buyer or the timeout, `closed` for a failed placement). */
export async function endUnpaid(
  shop: Shop,
  orderId: string,
  end: CompensationEnd,
): Promise<OrdersTable | undefined> {
  const outcome = await compensateOrRetry(shop, orderId, end);
  const order = await orderById(shop.db, orderId);
  // WeChat says it was paid: the same guarded path as the notification.
  if (outcome === 'paid' && order?.status === OrderStatus.PendingPayment) await settlePayment(shop, order);
  return orderById(shop.db, orderId);
}

export function timeoutJob(shop: () => Shop) {
  return async (job: Job<{ orderId: string }>) => {
    const s = shop();
    const order = await orderById(s.db, job.data.orderId);
    if (order?.status !== OrderStatus.PendingPayment || order.saga !== 'done') return;
    if (order.deadline_at > s.now()) return void (await scheduleUnpaidTimeout(s, order, `:${job.id}`));
    await endUnpaid(s, order.id, OrderStatus.Cancelled);
  };
}

/** Orders past their deadline, and sagas stuck forward (a crash during placement) or compensating. */
export async function recover(shop: Shop): Promise<number> {
  const now = shop.now();
  const overdue = await shop.db
    .selectFrom('shop_orders')
    .select('id')
    .where('status', '=', OrderStatus.PendingPayment)
    .where('saga', '=', 'done')
    .where('deadline_at', '<=', now)
    .limit(BATCH)
    .execute();
  // A saga still forward after twice the step timeout lost its process.
  const stuck = await shop.db
    .selectFrom('shop_orders')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('saga', '=', 'forward'), eb('created_at', '<', now - 2 * shop.options.stepTimeoutMs)]),
        eb.and([eb('saga', '=', 'compensating'), eb('updated_at', '<', now - 60_000)]),
      ]),
    )
    .limit(BATCH)
    .execute();
  for (const { id } of overdue) await endUnpaid(shop, id, OrderStatus.Cancelled);
  for (const { id } of stuck) await compensateOrRetry(shop, id, OrderStatus.Closed);
  return overdue.length + stuck.length;
}

const slotOf = (shop: Shop, at: number) => Math.floor(at / shop.options.sweepIntervalMs);

/** Enqueues the sweep of the slot after `at` (one per slot across every instance). */
export async function scheduleSweep(shop: Shop, at = shop.now()): Promise<void> {
  const next = slotOf(shop, at) + 1;
  await shop.ctx.queue.enqueue(
    SWEEP_JOB,
    { slot: next },
    {
      idempotencyKey: `sweep:${next}`,
      delayMs: Math.max(0, next * shop.options.sweepIntervalMs - shop.now()),
    },
  );
}

export function sweepJob(shop: () => Shop) {
  return async (job: Job<{ slot: number }>) => {
    const s = shop();
    // The next one first: a failing sweep never ends the chain.
    await scheduleSweep(s, job.data.slot * s.options.sweepIntervalMs);
    const found = await recover(s);
    if (found > 0) s.ctx.logger.info({ found }, 'shop sweep ended or recovered orders');
  };
}
