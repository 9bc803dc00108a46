/** @module GET /v3/pay/transactions/id/{transaction_id}: query by WeChat Pay order number (paid orders only). */
import { ok, payError } from '../../../../pay/pay-error.js';
import { definePayRoute } from '../../../../pay/pay-route.js';
import { viewTransaction } from '../../../../pay/view-transaction.js';

export const v3PayTransactionsId = definePayRoute({
  method: 'GET',
  path: '/v3/pay/transactions/id/:transaction_id',
  handle: ({ pay, merchant, params, query }) => {
    if (query['mchid'] !== merchant.mchid) return payError('PARAM_ERROR', 'mchid参数缺失或与请求头不一致');
    const tx = pay.transactions.byId(merchant.mchid, params['transaction_id'] ?? '');
    return tx ? ok(viewTransaction(tx)) : payError('ORDER_NOT_EXIST');
  },
});
