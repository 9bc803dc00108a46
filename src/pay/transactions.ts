/** @module JSAPI / Mini Program payments: prepay, query, close. */
import { ConfigError } from '../kernel/errors/index.js';
import { assertAmount } from './assert-amount.js';
import { buildRequestPayment } from './build-request-payment.js';
import { callPay, segment, type PayContext } from './pay-context.js';
import type { JsapiOrder, JsapiResult, Transaction } from './pay.types.js';

export interface Transactions {
  /**
   * JSAPI / Mini Program prepay (JSAPI下单), POST /v3/pay/transactions/jsapi; returns the prepay_id and the
   * signed `wx.requestPayment` parameters. Never retried: retry with the same out_trade_no.
   * @see https://pay.weixin.qq.com/doc/v3/merchant/4012791856
   */
  jsapi(order: JsapiOrder): Promise<JsapiResult>;
  /** Query by out_trade_no (商户订单号查询订单), GET /v3/pay/transactions/out-trade-no/{out_trade_no}. */
  queryByOutTradeNo(outTradeNo: string): Promise<Transaction>;
  /** Query by transaction_id (微信支付订单号查询订单), GET /v3/pay/transactions/id/{transaction_id}. */
  queryById(transactionId: string): Promise<Transaction>;
  /** Close an unpaid order (关闭订单), POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close. */
  close(outTradeNo: string): Promise<void>;
}

export function createTransactions(ctx: PayContext): Transactions {
  const query = { mchid: ctx.mchid };
  return {
    jsapi: async (order) => {
      assertAmount(order.amount?.total, 'amount.total');
      const appid = order.appid ?? ctx.appid;
      if (appid === undefined)
        throw new ConfigError('appid', 'jsapi needs an appid (order or client config)');
      const body = { ...order, appid, mchid: ctx.mchid };
      const { prepay_id } = await callPay<{ prepay_id: string }>(ctx, {
        method: 'POST',
        path: '/v3/pay/transactions/jsapi',
        body,
      });
      const requestPayment = buildRequestPayment({
        appId: appid,
        prepayId: prepay_id,
        privateKey: ctx.privateKey,
        timeStamp: String(Math.floor(ctx.nowMs() / 1000)),
      });
      return { prepay_id, requestPayment };
    },
    queryByOutTradeNo: (outTradeNo) =>
      callPay<Transaction>(ctx, {
        method: 'GET',
        path: `/v3/pay/transactions/out-trade-no/${segment(outTradeNo)}`,
        query,
        idempotent: true,
      }),
    queryById: (transactionId) =>
      callPay<Transaction>(ctx, {
        method: 'GET',
        path: `/v3/pay/transactions/id/${segment(transactionId)}`,
        query,
        idempotent: true,
      }),
    close: async (outTradeNo) => {
      await callPay<void>(ctx, {
        method: 'POST',
        path: `/v3/pay/transactions/out-trade-no/${segment(outTradeNo)}/close`,
        body: { mchid: ctx.mchid },
        idempotent: true,
      });
    },
  };
}
