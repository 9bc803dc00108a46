/** @module Domestic refunds: create and query. */
import { assertAmount } from './assert-amount.js';
import { callPay, segment, type PayContext } from './pay-context.js';
import type { Refund, RefundRequest } from './pay.types.js';

export interface Refunds {
  /**
   * Apply for a refund (退款申请), POST /v3/refund/domestic/refunds. Never retried: retry with the same
   * out_refund_no, which WeChat Pay deduplicates.
   * @see https://pay.weixin.qq.com/doc/v3/merchant/4012791862
   */
  create(request: RefundRequest): Promise<Refund>;
  /** Query a refund (查询单笔退款), GET /v3/refund/domestic/refunds/{out_refund_no}. */
  query(outRefundNo: string): Promise<Refund>;
}

export function createRefunds(ctx: PayContext): Refunds {
  return {
    create: (request) => {
      assertAmount(request.amount?.refund, 'amount.refund');
      assertAmount(request.amount?.total, 'amount.total');
      if (request.amount.refund > request.amount.total) {
        throw new RangeError('amount.refund must not exceed amount.total');
      }
      if (request.transaction_id === undefined && request.out_trade_no === undefined) {
        throw new RangeError('a refund needs transaction_id or out_trade_no');
      }
      return callPay<Refund>(ctx, { method: 'POST', path: '/v3/refund/domestic/refunds', body: request });
    },
    query: (outRefundNo) =>
      callPay<Refund>(ctx, {
        method: 'GET',
        path: `/v3/refund/domestic/refunds/${segment(outRefundNo)}`,
        idempotent: true,
      }),
  };
}
