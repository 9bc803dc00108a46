/** @module Refunds: recorded first (PROCESSING), then requested; only a notification or reconciliation settles them. */
import { assertAmount } from '../assert-amount.js';
import type { OrdersContext } from './orders-context.js';
import type { RefundInput, RefundResult } from './pay-orders.types.js';

async function recordRefund(ctx: OrdersContext, input: RefundInput) {
  assertAmount(input.amount, 'amount');
  const order = await ctx.getOrder(input.outTradeNo);
  if (!order || (order.state !== 'SUCCESS' && order.state !== 'REFUND'))
    throw new RangeError(`order ${input.outTradeNo} is not paid`);
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('wegate_pay_refunds')
    .values({
      out_refund_no: input.outRefundNo,
      out_trade_no: order.out_trade_no,
      amount: input.amount,
      status: 'PROCESSING',
      refund_id: null,
      reason: input.reason ?? null,
      created_at: now,
      updated_at: now,
      success_at: null,
    })
    .onConflict((oc) => oc.column('out_refund_no').doNothing())
    .execute();
  const stored = await ctx.db
    .selectFrom('wegate_pay_refunds')
    .selectAll()
    .where('out_refund_no', '=', input.outRefundNo)
    .executeTakeFirstOrThrow();
  if (stored.out_trade_no !== order.out_trade_no || stored.amount !== input.amount)
    throw new RangeError(`out_refund_no ${input.outRefundNo} is already used with other parameters`);
  return { order, stored };
}

export async function requestRefund(ctx: OrdersContext, input: RefundInput): Promise<RefundResult> {
  const { order, stored } = await recordRefund(ctx, input);
  const answer = await ctx.pay.refunds.create({
    out_trade_no: order.out_trade_no,
    out_refund_no: stored.out_refund_no,
    notify_url: ctx.notifyUrl(),
    ...(stored.reason === null ? {} : { reason: stored.reason }),
    amount: { refund: stored.amount, total: order.amount_total, currency: order.currency },
  });
  await ctx.db
    .updateTable('wegate_pay_refunds')
    .set({ refund_id: answer.refund_id, updated_at: ctx.clock.now() })
    .where('out_refund_no', '=', stored.out_refund_no)
    .execute();
  return { outRefundNo: stored.out_refund_no, refundId: answer.refund_id, status: answer.status };
}
