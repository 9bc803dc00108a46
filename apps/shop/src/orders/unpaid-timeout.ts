/**
 * @module Unpaid orders end on time without an in-process timer: a durable delayed job per order plus a
 * periodic sweep (one per time slot across instances), both surviving restarts. Closing the WeChat order
 * comes first, then the guarded cancel, so a payment racing the timeout is settled, never cancelled.
 * At the deadline the order is first asked at WeChat Pay (a lost notification is settled paid). The sweep
 * also recovers sagas a crash left in the middle, and parks those still not terminal past the saga deadline.
 */
import type { Job } from 'wegate';
import type { Shop } from '../shop-context.js';
import { OrderStatus, type OrdersTable } from '../tables.js';
import { compensateOrder, compensateOrRetry, parkOrder, type CompensationEnd } from './compensate.js';
import { systemSource, SystemActor, type AuditSource } from './order-audit.js';
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
  source: AuditSource,
): Promise<OrdersTable | undefined> {
  const outcome = await compensateOrRetry(shop, orderId, end, source);
  const order = await orderById(shop.db, orderId);
  // WeChat says it was paid: the same guarded path as the notification.
  if (outcome === 'paid' && order?.status === OrderStatus.PendingPayment)
    await settlePayment(shop, order, systemSource(SystemActor.PayClose, source));
  return orderById(shop.db, orderId);
}

/** WeChat Pay's trade_state of the order, or undefined when it could not be asked. */
async function tradeStateOf(shop: Shop, order: OrdersTable): Promise<string | undefined> {
  const client = shop.ctx.pay?.client;
  if (!client) return undefined;
  try {
    return (await client.transactions.queryByOutTradeNo(order.out_trade_no)).trade_state;
  } catch (error) {
    shop.ctx.logger.warn({ err: error, orderId: order.id }, 'shop: trade query failed; closing instead');
    return undefined;
  }
}

/**
 * Reconciles an unpaid order past its deadline with WeChat Pay: paid there (SUCCESS, or REFUND: paid and
 * refunded elsewhere) → settled through the one guarded path to `paid`; the buyer still paying
 * (USERPAYING) → left for the next sweep, until the saga deadline; anything else → cancelled, the WeChat
 * order closed first (which still settles a payment that lands in between).
 */
export async function reconcileOverdue(shop: Shop, orderId: string): Promise<void> {
  const order = await orderById(shop.db, orderId);
  if (order?.status !== OrderStatus.PendingPayment || order.saga !== 'done') return;
  const state = await tradeStateOf(shop, order);
  if (state === 'SUCCESS' || state === 'REFUND')
    return settlePayment(shop, order, { actor: SystemActor.PayQuery });
  if (state === 'USERPAYING' && order.deadline_at + shop.options.sagaDeadlineMs > shop.now()) return;
  await endUnpaid(shop, order.id, OrderStatus.Cancelled, { actor: SystemActor.Timeout });
}

export function timeoutJob(shop: () => Shop) {
  return async (job: Job<{ orderId: string }>) => {
    const s = shop();
    const order = await orderById(s.db, job.data.orderId);
    if (order?.status !== OrderStatus.PendingPayment || order.saga !== 'done') return;
    if (order.deadline_at > s.now()) return void (await scheduleUnpaidTimeout(s, order, `:${job.id}`));
    await reconcileOverdue(s, order.id);
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
  // A saga still forward after twice the step timeout lost its process; one compensating for a minute
  // lost its retries; one open past the saga deadline gets a last attempt.
  const sagaDeadline = now - shop.options.sagaDeadlineMs;
  const stuck = await shop.db
    .selectFrom('shop_orders')
    .select(['id', 'created_at'])
    .where((eb) =>
      eb.or([
        eb.and([eb('saga', '=', 'forward'), eb('created_at', '<', now - 2 * shop.options.stepTimeoutMs)]),
        eb.and([eb('saga', '=', 'compensating'), eb('updated_at', '<', now - 60_000)]),
        eb.and([eb('saga', 'in', ['forward', 'compensating']), eb('created_at', '<', sagaDeadline)]),
      ]),
    )
    .limit(BATCH)
    .execute();
  for (const { id } of overdue) await reconcileOverdue(shop, id);
  for (const { id, created_at } of stuck) {
    if (created_at < sagaDeadline) await resumeOrPark(shop, id);
    else await compensateOrRetry(shop, id, OrderStatus.Closed);
  }
  return overdue.length + stuck.length;
}

/** A saga open past the saga deadline: one more compensation now, else an operator's turn. */
async function resumeOrPark(shop: Shop, orderId: string): Promise<void> {
  try {
    await compensateOrder(shop, orderId, OrderStatus.Closed);
  } catch (error) {
    await parkOrder(shop, orderId, error);
  }
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
