/** @module POST /v3/pay/transactions/jsapi: JSAPI / Mini Program prepay (JSAPI下单). */
import { isDeepStrictEqual } from 'node:util';
import { ok, payError, type PayAnswer } from '../../../../pay/pay-error.js';
import { definePayRoute } from '../../../../pay/pay-route.js';
import type { JsapiOrderBody } from '../../../../pay/transaction-book.js';

const str = (value: unknown, max: number) =>
  typeof value === 'string' && value.length > 0 && value.length <= max;
const OUT_TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;

/** The first problem with the order, as WeChat Pay's PARAM_ERROR wording names the field. */
function invalidField(body: Record<string, unknown>): string | undefined {
  if (!str(body['appid'], 32)) return 'appid';
  if (!str(body['description'], 127)) return 'description';
  if (typeof body['out_trade_no'] !== 'string' || !OUT_TRADE_NO.test(body['out_trade_no']))
    return 'out_trade_no';
  if (!str(body['notify_url'], 255) || !/^https?:\/\//.test(body['notify_url'] as string))
    return 'notify_url';
  return invalidAmountOrPayer(body);
}

function invalidAmountOrPayer(body: Record<string, unknown>): string | undefined {
  const amount = body['amount'] as { total?: unknown; currency?: unknown } | undefined;
  const payer = body['payer'] as { openid?: unknown } | undefined;
  // Amounts are integers in fen; WeChat Pay refuses 0.01-style yuan values.
  if (!Number.isSafeInteger(amount?.total) || (amount?.total as number) <= 0) return 'amount.total';
  if (amount?.currency !== undefined && amount.currency !== 'CNY') return 'amount.currency';
  if (!str(payer?.openid, 128)) return 'payer.openid';
  return undefined;
}

export const v3PayTransactionsJsapi = definePayRoute({
  method: 'POST',
  path: '/v3/pay/transactions/jsapi',
  handle: ({ pay, merchant, body }): PayAnswer => {
    if (body['mchid'] !== merchant.mchid) return payError('PARAM_ERROR', 'mchid与请求头中的商户号不一致');
    const field = invalidField(body);
    if (field)
      return payError('PARAM_ERROR', `输入源"/body/${field}"映射到值字段"${field}"不合法`, { field });
    const order = body as unknown as JsapiOrderBody;
    const { tx, existing } = pay.transactions.create(order, pay.now());
    if (existing) {
      if (tx.state === 'CLOSED') return payError('ORDER_CLOSED');
      if (tx.state !== 'NOTPAY') return payError('ORDERPAID');
      // Same out_trade_no with other parameters is a different order under a reused number.
      if (!isDeepStrictEqual(tx.order, order)) return payError('INVALID_REQUEST', '201 商户订单号重复');
    }
    return ok({ prepay_id: tx.prepayId });
  },
});
