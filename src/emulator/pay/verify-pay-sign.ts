/** @module What the WeChat client checks before showing the payment sheet: the merchant's paySign. */
import { buildPaySignMessage, verifyRsaSha256 } from '../../kernel/crypto/index.js';
import type { PayBook } from './pay-book.js';
import type { EmulatedTransaction } from './transaction-book.js';

export interface RequestPaymentParams {
  readonly appId: string;
  readonly timeStamp: string;
  readonly nonceStr: string;
  readonly package: string;
  readonly signType: string;
  readonly paySign: string;
}

export type PaySignCheck =
  { tx: EmulatedTransaction; errMsg?: undefined } | { tx?: undefined; errMsg: string };

/** Finds the order of `package=prepay_id=…` and verifies appId\ntimeStamp\nnonceStr\npackage\n with the merchant key. */
export function verifyRequestPayment(pay: PayBook, params: RequestPaymentParams): PaySignCheck {
  const prepayId = params.package.startsWith('prepay_id=') ? params.package.slice('prepay_id='.length) : '';
  const tx = pay.transactions.byPrepayId(prepayId);
  if (!tx) return { errMsg: 'requestPayment:fail prepay_id 无效' };
  // The client refuses an appId other than the one the order was placed with.
  if (params.appId !== tx.order.appid) return { errMsg: 'requestPayment:fail appId 与下单不一致' };
  if (params.signType !== 'RSA') return { errMsg: 'requestPayment:fail signType 须为 RSA' };
  const merchant = pay.merchants.get(tx.order.mchid);
  const message = buildPaySignMessage([params.appId, params.timeStamp, params.nonceStr, params.package]);
  if (!merchant || !verifyRsaSha256(message, params.paySign, merchant.publicKey)) {
    return { errMsg: 'requestPayment:fail 支付验证签名失败' };
  }
  return { tx };
}
