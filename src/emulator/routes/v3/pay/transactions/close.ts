/** @module POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close: close an unpaid order (204). */
import { noContent, payError } from '../../../../pay/pay-error.js';
import { definePayRoute } from '../../../../pay/pay-route.js';

export const v3PayTransactionsClose = definePayRoute({
  method: 'POST',
  path: '/v3/pay/transactions/out-trade-no/:out_trade_no/close',
  handle: ({ pay, merchant, params, body }) => {
    if (body['mchid'] !== merchant.mchid) return payError('PARAM_ERROR', 'mchid与请求头中的商户号不一致');
    const tx = pay.transactions.byOutTradeNo(merchant.mchid, params['out_trade_no'] ?? '');
    if (!tx) return payError('ORDER_NOT_EXIST');
    if (tx.state === 'SUCCESS' || tx.state === 'REFUND') return payError('ORDERPAID');
    // Closing twice is harmless: WeChat Pay answers 204 again.
    tx.state = 'CLOSED';
    return noContent;
  },
});
