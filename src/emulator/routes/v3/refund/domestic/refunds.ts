/** @module POST /v3/refund/domestic/refunds: apply for a refund (退款申请); PROCESSING, then SUCCESS and a notification. */
import { scheduleRefundSettlement } from '../../../../pay/pay-actions.js';
import { ok, payError, type PayAnswer } from '../../../../pay/pay-error.js';
import { definePayRoute, type PayCall } from '../../../../pay/pay-route.js';
import { viewRefund } from '../../../../pay/refund-book.js';
import type { EmulatedTransaction } from '../../../../pay/transaction-book.js';

interface RefundBody {
  transaction_id?: unknown;
  out_trade_no?: unknown;
  out_refund_no?: unknown;
  reason?: unknown;
  notify_url?: unknown;
  amount?: { refund?: unknown; total?: unknown; currency?: unknown };
}

const positiveFen = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

function invalidField(body: RefundBody): string | undefined {
  if (typeof body.out_refund_no !== 'string' || !/^[A-Za-z0-9_\-|*@]{1,64}$/.test(body.out_refund_no)) {
    return 'out_refund_no';
  }
  if (typeof body.transaction_id !== 'string' && typeof body.out_trade_no !== 'string')
    return 'transaction_id';
  if (!positiveFen(body.amount?.refund)) return 'amount.refund';
  if (!positiveFen(body.amount?.total)) return 'amount.total';
  if (body.amount?.currency !== 'CNY') return 'amount.currency';
  return undefined;
}

function findTransaction(call: PayCall, body: RefundBody): EmulatedTransaction | undefined {
  const { pay, merchant } = call;
  if (typeof body.transaction_id === 'string')
    return pay.transactions.byId(merchant.mchid, body.transaction_id);
  return pay.transactions.byOutTradeNo(merchant.mchid, body.out_trade_no as string);
}

function refuse(tx: EmulatedTransaction | undefined, refund: number, total: number): PayAnswer | undefined {
  if (!tx) return payError('RESOURCE_NOT_EXISTS', '订单不存在');
  if (tx.state !== 'SUCCESS' && tx.state !== 'REFUND')
    return payError('INVALID_REQUEST', '订单未支付，不能退款');
  if (total !== tx.order.amount.total) return payError('INVALID_REQUEST', '订单金额与原订单金额不一致');
  if (refund > total - tx.refunded) return payError('INVALID_REQUEST', '申请退款金额超过订单可退金额');
  return undefined;
}

export const v3RefundDomesticRefunds = definePayRoute({
  method: 'POST',
  path: '/v3/refund/domestic/refunds',
  handle: (call): PayAnswer => {
    const { pay, merchant } = call;
    const body = call.body as RefundBody;
    const field = invalidField(body);
    if (field) return payError('PARAM_ERROR', `参数${field}不合法`, { field });
    const refundAmount = body.amount!.refund as number;
    const existing = pay.refunds.get(merchant.mchid, body.out_refund_no as string);
    if (existing) {
      // A retried out_refund_no with the same amount is the same refund, never a second payout.
      if (existing.amount !== refundAmount)
        return payError('INVALID_REQUEST', '退款单号重复，且退款金额不一致');
      return ok(viewRefund(existing));
    }
    const tx = findTransaction(call, body);
    const refusal = refuse(tx, refundAmount, body.amount!.total as number);
    if (refusal || !tx) return refusal ?? payError('SYSTEM_ERROR');
    tx.refunded += refundAmount;
    tx.state = 'REFUND';
    const refund = pay.refunds.add({
      mchid: merchant.mchid,
      tx,
      outRefundNo: body.out_refund_no as string,
      amount: refundAmount,
      reason: typeof body.reason === 'string' ? body.reason : undefined,
      notifyUrl: typeof body.notify_url === 'string' ? body.notify_url : undefined,
      createdAt: pay.now(),
    });
    scheduleRefundSettlement(pay, refund);
    return ok(viewRefund(refund));
  },
});
