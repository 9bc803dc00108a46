/** @module createPayOrders: our side of WeChat Pay orders (prepay, refund, notifications) over the SQL store. */
import { systemClock, type Clock } from '../../kernel/ports/index.js';
import type { PayOrdersTable } from '../pay-tables.js';
import type { PayNotification } from '../pay.types.js';
import {
  applyInTransaction,
  Redelivery,
  Rejection,
  resourceRefs,
  type ApplyContext,
  type Applied,
} from './apply-notification.js';
import { createJsapiOrder } from './create-jsapi-order.js';
import { dispatchEvent, dispatchPending, dispatchRow } from './dispatch-events.js';
import type { OrdersContext } from './orders-context.js';
import { requestRefund } from './request-refund.js';
import type {
  ApplyResult,
  JsapiOrderInput,
  JsapiOrderResult,
  PayOrdersHooks,
  PayOrdersOptions,
  RefundInput,
  RefundResult,
} from './pay-orders.types.js';

export interface PayOrders {
  /**
   * Inserts the order (NOTPAY) and prepays it; the `wx.requestPayment` parameters come back. Safe to retry
   * with the same outTradeNo: the stored order is re-sent unchanged, and WeChat Pay returns the same prepay_id.
   */
  createJsapiOrder(input: JsapiOrderInput): Promise<JsapiOrderResult>;
  /** Records the refund (PROCESSING) and asks WeChat Pay for it; retry with the same outRefundNo. */
  refund(input: RefundInput): Promise<RefundResult>;
  /**
   * In ONE transaction: stores the notification (a known id is a successful no-op), checks mchid/appid/amount
   * against our order, moves its state; then, after commit, enqueues the business event.
   */
  applyNotification(notification: PayNotification, meta?: { resourceType?: string }): Promise<ApplyResult>;
  /** Enqueues business events whose rows committed before `olderThanMs` ago but were never dispatched. */
  dispatchPending(olderThanMs?: number): Promise<number>;
  get(outTradeNo: string): Promise<PayOrdersTable | undefined>;
}

interface ApplyDeps {
  readonly store: PayOrdersOptions['store'];
  readonly queue: PayOrdersOptions['queue'];
  readonly clock: Clock;
  readonly mchid: string;
  readonly hooks?: PayOrdersHooks;
}

async function applyAndDispatch(
  deps: ApplyDeps,
  notification: PayNotification,
  meta: { resourceType?: string },
): Promise<ApplyResult> {
  const { db } = deps.store;
  const ctx: ApplyContext = { mchid: deps.mchid, dialect: deps.store.dialect, now: deps.clock.now() };
  const resourceType = meta.resourceType ?? 'encrypt-resource';
  let applied: Applied;
  try {
    applied = await db
      .transaction()
      .execute((trx) => applyInTransaction(trx, ctx, notification, resourceType, deps.hooks?.inTransaction));
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, reason: error.reason, message: error.message };
    if (!(error instanceof Redelivery)) throw error;
    applied = { duplicate: true, changed: false };
  }
  await deps.hooks?.afterCommit?.(notification.id);
  if (applied.duplicate) {
    // A redelivery also finishes a dispatch that a crash after commit left undone.
    await dispatchEvent(db, deps.queue, notification.id, deps.clock.now());
  } else if (applied.businessEvent !== undefined) {
    // Just committed by this call: its fields are known, no need to read the row back.
    const row = {
      id: notification.id,
      event_type: notification.event_type,
      business_event: applied.businessEvent,
      ...resourceRefs(notification),
    };
    await dispatchRow(db, deps.queue, row, deps.clock.now());
  }
  return { ok: true, ...applied };
}

export function createPayOrders(options: PayOrdersOptions): PayOrders {
  const { store, queue, hooks } = options;
  const { db } = store;
  const clock = options.clock ?? systemClock;
  const ctx: OrdersContext = {
    db,
    pay: options.pay,
    mchid: options.mchid,
    ...(options.appid === undefined ? {} : { appid: options.appid }),
    clock,
    notifyUrl: () => (typeof options.notifyUrl === 'string' ? options.notifyUrl : options.notifyUrl()),
    getOrder: (outTradeNo) =>
      db
        .selectFrom('wegate_pay_orders')
        .selectAll()
        .where('out_trade_no', '=', outTradeNo)
        .executeTakeFirst(),
  };

  return {
    createJsapiOrder: (input) => createJsapiOrder(ctx, input),
    refund: (input) => requestRefund(ctx, input),
    applyNotification: (notification, meta = {}) =>
      applyAndDispatch({ store, queue, clock, mchid: options.mchid, hooks }, notification, meta),
    dispatchPending: (olderThanMs = 60_000) =>
      dispatchPending(db, queue, clock.now() - olderThanMs, clock.now()),
    get: ctx.getOrder,
  };
}
