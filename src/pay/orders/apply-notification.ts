/** @module The notification transaction: record the id, check it against our order, move the state. */
import type { Transaction } from 'kysely';
import type { Database, StoreDialect } from '../../kernel/ports/index.js';
import type { PayNotification, RefundResource, Transaction as PayTransaction } from '../pay.types.js';
import { PayEvent, type ApplyRejection, type PayEventName } from './pay-orders.types.js';

type Trx = Transaction<Database>;

/** Thrown inside the transaction to roll it back; turned into an `{ ok: false }` result outside. */
export class Rejection extends Error {
  constructor(
    readonly reason: ApplyRejection,
    message: string,
  ) {
    super(message);
  }
}

export interface ApplyContext {
  readonly mchid: string;
  readonly dialect: StoreDialect;
  readonly now: number;
}

export interface Applied {
  readonly duplicate: boolean;
  readonly changed: boolean;
  readonly businessEvent?: PayEventName;
}

// Trade states a payment may still leave: WeChat's word wins even over a close we raced with.
const PAYABLE = ['NOTPAY', 'USERPAYING', 'PAYERROR', 'CLOSED'];
const REFUND_EVENTS: Readonly<Record<string, { status: string; event: PayEventName }>> = {
  'REFUND.SUCCESS': { status: 'SUCCESS', event: PayEvent.RefundSuccess },
  'REFUND.ABNORMAL': { status: 'ABNORMAL', event: PayEvent.RefundAbnormal },
  'REFUND.CLOSED': { status: 'CLOSED', event: PayEvent.RefundClosed },
};

function mismatch(field: string): Rejection {
  return new Rejection('mismatch', `${field} does not match our order`);
}

async function lockOrder(trx: Trx, ctx: ApplyContext, outTradeNo: unknown) {
  if (typeof outTradeNo !== 'string') throw new Rejection('unknown-order', 'notification names no order');
  const order = await trx
    .selectFrom('wegate_pay_orders')
    .selectAll()
    .where('out_trade_no', '=', outTradeNo)
    .$if(ctx.dialect === 'postgres', (qb) => qb.forUpdate())
    .executeTakeFirst();
  if (!order) throw new Rejection('unknown-order', `no order ${outTradeNo}`);
  return order;
}

async function applyTransaction(trx: Trx, ctx: ApplyContext, tx: PayTransaction): Promise<Applied> {
  if (tx.mchid !== ctx.mchid) throw mismatch('mchid');
  const order = await lockOrder(trx, ctx, tx.out_trade_no);
  if (tx.mchid !== order.mchid) throw mismatch('mchid');
  if (tx.appid !== order.appid) throw mismatch('appid');
  if (tx.amount?.total !== order.amount_total) throw mismatch('amount.total');
  if (tx.trade_state !== 'SUCCESS') throw mismatch('trade_state');
  const result = await trx
    .updateTable('wegate_pay_orders')
    .set({
      state: 'SUCCESS',
      transaction_id: tx.transaction_id ?? null,
      paid_at: ctx.now,
      updated_at: ctx.now,
    })
    .where('out_trade_no', '=', order.out_trade_no)
    .where('state', 'in', PAYABLE)
    .executeTakeFirst();
  const changed = result.numUpdatedRows > 0n;
  return { duplicate: false, changed, ...(changed ? { businessEvent: PayEvent.TransactionSuccess } : {}) };
}

async function applyRefund(
  trx: Trx,
  ctx: ApplyContext,
  eventType: string,
  resource: RefundResource,
): Promise<Applied> {
  const target = REFUND_EVENTS[eventType];
  if (!target) return { duplicate: false, changed: false };
  if (resource.mchid !== ctx.mchid) throw mismatch('mchid');
  const order = await lockOrder(trx, ctx, resource.out_trade_no);
  const refund = await trx
    .selectFrom('wegate_pay_refunds')
    .selectAll()
    .where('out_refund_no', '=', resource.out_refund_no)
    .executeTakeFirst();
  if (!refund || refund.out_trade_no !== order.out_trade_no)
    throw new Rejection('unknown-order', `no refund ${String(resource.out_refund_no)} of this order`);
  if (resource.amount?.refund !== refund.amount) throw mismatch('amount.refund');
  if (resource.amount.total !== order.amount_total) throw mismatch('amount.total');
  if (resource.refund_status !== target.status) throw mismatch('refund_status');
  const result = await trx
    .updateTable('wegate_pay_refunds')
    .set({
      status: target.status,
      refund_id: resource.refund_id ?? refund.refund_id,
      updated_at: ctx.now,
      ...(target.status === 'SUCCESS' ? { success_at: ctx.now } : {}),
    })
    .where('out_refund_no', '=', refund.out_refund_no)
    .where('status', '=', 'PROCESSING')
    .executeTakeFirst();
  const changed = result.numUpdatedRows > 0n;
  if (changed && target.status === 'SUCCESS') {
    await trx
      .updateTable('wegate_pay_orders')
      .set({ state: 'REFUND', updated_at: ctx.now })
      .where('out_trade_no', '=', order.out_trade_no)
      .where('state', '=', 'SUCCESS')
      .execute();
  }
  return { duplicate: false, changed, ...(changed ? { businessEvent: target.event } : {}) };
}

/** The order and refund a notification names, as its row stores them. */
export function resourceRefs(notification: PayNotification) {
  const resource = notification.resource as { out_trade_no?: unknown; out_refund_no?: unknown };
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { out_trade_no: text(resource.out_trade_no), out_refund_no: text(resource.out_refund_no) };
}

/** Thrown inside the transaction when the notification's id is already stored: this copy changes nothing. */
export class Redelivery extends Error {}

/**
 * The notification row: WeChat's id, what it is about, the business event it asks for, and no personal
 * data of the payer.
 */
async function insertNotification(
  trx: Trx,
  ctx: ApplyContext,
  notification: PayNotification,
  resourceType: string,
  businessEvent: PayEventName | undefined,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('wegate_pay_notifications')
    .values({
      id: notification.id,
      event_type: notification.event_type,
      resource_type: resourceType,
      received_at: ctx.now,
      ...resourceRefs(notification),
      summary: notification.summary ?? '',
      business_event: businessEvent ?? null,
      dispatched_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return (inserted.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/**
 * Runs inside one transaction; throws Rejection (rolling everything back) when the checks fail, and
 * Redelivery when the id is stored already. The state change comes first and the row after it, with the
 * business event it asks for: the order's row lock (taken by the change) serialises concurrent copies, so
 * a copy that finds the id stored finds the order moved as well and has changed nothing; its transaction
 * is rolled back all the same.
 */
export async function applyInTransaction(
  trx: Trx,
  ctx: ApplyContext,
  notification: PayNotification,
  resourceType: string,
  inTransaction?: (id: string) => Promise<void>,
): Promise<Applied> {
  const applied = notification.event_type.startsWith('REFUND.')
    ? await applyRefund(trx, ctx, notification.event_type, notification.resource as RefundResource)
    : notification.event_type === 'TRANSACTION.SUCCESS'
      ? await applyTransaction(trx, ctx, notification.resource as PayTransaction)
      : { duplicate: false, changed: false };
  if (!(await insertNotification(trx, ctx, notification, resourceType, applied.businessEvent)))
    throw new Redelivery(`notification ${notification.id} is stored already`);
  await inTransaction?.(notification.id);
  return applied;
}
