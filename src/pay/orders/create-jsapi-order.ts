/** @module JSAPI orders: stored first (NOTPAY), then prepaid; a retry re-sends the stored order unchanged. */
import { ConfigError } from '../../kernel/errors/index.js';
import type { PayOrdersTable } from '../pay-tables.js';
import { captureTraceContext } from '../../telemetry/tracing/trace-context.js';
import { assertAmount } from '../assert-amount.js';
import type { OrdersContext } from './orders-context.js';
import type { JsapiOrderInput, JsapiOrderResult } from './pay-orders.types.js';

function sameOrder(a: PayOrdersTable, b: PayOrdersTable): boolean {
  return (
    a.appid === b.appid &&
    a.openid === b.openid &&
    a.amount_total === b.amount_total &&
    a.currency === b.currency &&
    a.description === b.description
  );
}

async function placeOrder(ctx: OrdersContext, input: JsapiOrderInput): Promise<PayOrdersTable> {
  assertAmount(input.amount, 'amount');
  const appid = input.appid ?? ctx.appid;
  if (appid === undefined) throw new ConfigError('appid', 'a JSAPI order needs an appid');
  const now = ctx.clock.now();
  const row: PayOrdersTable = {
    out_trade_no: input.outTradeNo,
    appid,
    mchid: ctx.mchid,
    openid: input.openid,
    amount_total: input.amount,
    currency: input.currency ?? 'CNY',
    description: input.description,
    state: 'NOTPAY',
    transaction_id: null,
    prepay_id: null,
    created_at: now,
    updated_at: now,
    paid_at: null,
    trace_context: captureTraceContext(),
  };
  const inserted = await ctx.db
    .insertInto('wegate_pay_orders')
    .values(row)
    .onConflict((oc) => oc.column('out_trade_no').doNothing())
    .executeTakeFirst();
  // Ours when this call inserted it; otherwise the stored order must be the same one (a retry).
  if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) return row;
  const stored = await ctx.getOrder(input.outTradeNo);
  if (!stored || !sameOrder(stored, row))
    throw new RangeError(`out_trade_no ${input.outTradeNo} is already used with other parameters`);
  if (stored.state !== 'NOTPAY') throw new RangeError(`order ${input.outTradeNo} is ${stored.state}`);
  return stored;
}

export async function createJsapiOrder(
  ctx: OrdersContext,
  input: JsapiOrderInput,
): Promise<JsapiOrderResult> {
  const order = await placeOrder(ctx, input);
  const { prepay_id, requestPayment } = await ctx.pay.transactions.jsapi({
    appid: order.appid,
    description: order.description,
    out_trade_no: order.out_trade_no,
    notify_url: ctx.notifyUrl(),
    amount: { total: order.amount_total, currency: order.currency },
    payer: { openid: order.openid },
  });
  await ctx.db
    .updateTable('wegate_pay_orders')
    .set({ prepay_id, updated_at: ctx.clock.now() })
    .where('out_trade_no', '=', order.out_trade_no)
    .execute();
  return { outTradeNo: order.out_trade_no, prepayId: prepay_id, requestPayment };
}
