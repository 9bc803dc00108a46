/** @module GET /v3/refund/domestic/refunds/{out_refund_no}: query a refund (查询单笔退款). */
import { ok, payError } from '../../../../../pay/pay-error.js';
import { definePayRoute } from '../../../../../pay/pay-route.js';
import { viewRefund } from '../../../../../pay/refund-book.js';

export const v3RefundDomesticRefundsOutRefundNo = definePayRoute({
  method: 'GET',
  path: '/v3/refund/domestic/refunds/:out_refund_no',
  handle: ({ pay, merchant, params }) => {
    const refund = pay.refunds.get(merchant.mchid, params['out_refund_no'] ?? '');
    return refund ? ok(viewRefund(refund)) : payError('RESOURCE_NOT_EXISTS');
  },
});
