/** @module GET /v3/pay/transactions/out-trade-no/{out_trade_no}: query by merchant order number. */
import { ok, payError } from '../../../../pay/pay-error.js';
import { definePayRoute } from '../../../../pay/pay-route.js';
import { viewTransaction } from '../../../../pay/view-transaction.js';

export const v3PayTransactionsOutTradeNo = definePayRoute({
  method: 'GET',
  path: '/v3/pay/transactions/out-trade-no/:out_trade_no',
  handle: ({ pay, merchant, params, query }) => {
    if (query['mchid'] !== merchant.mchid) return payError('PARAM_ERROR', 'mchid参数缺失或与请求头不一致');
    const tx = pay.transactions.byOutTradeNo(merchant.mchid, params['out_trade_no'] ?? '');
    return tx ? ok(viewTransaction(tx)) : payError('ORDER_NOT_EXIST');
  },
});
