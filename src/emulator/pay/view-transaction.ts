/** @module A transaction as the query APIs and TRANSACTION.SUCCESS notifications show it. */
import { payTime } from './pay-time.js';
import { TRADE_STATE_DESC, type EmulatedTransaction } from './transaction-book.js';

export function viewTransaction(tx: EmulatedTransaction): Record<string, unknown> {
  const { order } = tx;
  const paid = tx.transactionId !== undefined;
  const currency = order.amount.currency ?? 'CNY';
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.out_trade_no,
    ...(paid ? { transaction_id: tx.transactionId } : {}),
    trade_type: 'JSAPI',
    trade_state: tx.state,
    trade_state_desc: TRADE_STATE_DESC[tx.state],
    ...(paid ? { bank_type: 'OTHERS', success_time: payTime(tx.successAt ?? tx.createdAt) } : {}),
    attach: order.attach ?? '',
    payer: { openid: order.payer.openid },
    amount: paid
      ? { total: order.amount.total, payer_total: order.amount.total, currency, payer_currency: currency }
      : { total: order.amount.total, currency },
  };
}
