/** @module paySign for `wx.requestPayment` (Mini Program) and `WeixinJSBridge` (JSAPI). */
import type { KeyLike } from 'node:crypto';
import { buildPaySignMessage, randomNonce, signRsaSha256 } from '../kernel/crypto/index.js';
import type { RequestPaymentParams } from './pay.types.js';

export interface RequestPaymentInput {
  /** Must be the appid the order was placed with. */
  readonly appId: string;
  readonly prepayId: string;
  readonly privateKey: KeyLike;
  /** Unix seconds; now when absent. */
  readonly timeStamp?: string;
  readonly nonceStr?: string;
}

/** Signs appId\ntimeStamp\nnonceStr\npackage\n with the merchant key; signType is "RSA" and is not signed. */
export function buildRequestPayment(input: RequestPaymentInput): RequestPaymentParams & { appId: string } {
  const timeStamp = input.timeStamp ?? String(Math.floor(Date.now() / 1000));
  const nonceStr = input.nonceStr ?? randomNonce(32);
  const pkg = `prepay_id=${input.prepayId}`;
  const paySign = signRsaSha256(
    buildPaySignMessage([input.appId, timeStamp, nonceStr, pkg]),
    input.privateKey,
  );
  return { appId: input.appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
}
