/** @module Every emulated WeChat Pay v3 route (api.mch.weixin.qq.com); add a new route file here. */
import type { PayRoute } from '../../pay/pay-route.js';
import { v3Certificates } from './certificates.js';
import { v3PayTransactionsClose } from './pay/transactions/close.js';
import { v3PayTransactionsId } from './pay/transactions/id.js';
import { v3PayTransactionsJsapi } from './pay/transactions/jsapi.js';
import { v3PayTransactionsOutTradeNo } from './pay/transactions/out-trade-no.js';
import { v3RefundDomesticRefundsOutRefundNo } from './refund/domestic/refunds/out-refund-no.js';
import { v3RefundDomesticRefunds } from './refund/domestic/refunds.js';

export const PAY_ROUTES: readonly PayRoute[] = [
  v3Certificates,
  v3PayTransactionsJsapi,
  v3PayTransactionsOutTradeNo,
  v3PayTransactionsId,
  v3PayTransactionsClose,
  v3RefundDomesticRefunds,
  v3RefundDomesticRefundsOutRefundNo,
];
