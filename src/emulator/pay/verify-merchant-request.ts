/** @module Checks a merchant request's `Authorization: WECHATPAY2-SHA256-RSA2048 …` like WeChat Pay does. */
import { buildPaySignMessage, verifyRsaSha256 } from '../../kernel/crypto/index.js';
import type { Merchant, MerchantBook } from './merchant-book.js';
import { payError, type PayAnswer } from './pay-error.js';

export interface MerchantRequest {
  readonly method: string;
  /** Path and query exactly as received. */
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
  readonly nowMs: number;
}

const SCHEME = 'WECHATPAY2-SHA256-RSA2048 ';
const FIELD = /([a-z_]+)="([^"]*)"/g;
const MAX_SKEW_S = 300;

/** The quoted fields of the header, in any order (WeChat Pay does not fix the order). */
export function parseAuthorization(header: string | undefined): Record<string, string> | undefined {
  if (header === undefined || !header.startsWith(SCHEME)) return undefined;
  return Object.fromEntries([...header.slice(SCHEME.length).matchAll(FIELD)].map((m) => [m[1], m[2]]));
}

const denied = (message: string) => ({ error: payError('SIGN_ERROR', message) });

/** The calling merchant, or a 401 SIGN_ERROR answer. */
export function verifyMerchantRequest(
  merchants: MerchantBook,
  req: MerchantRequest,
): { merchant: Merchant; error?: undefined } | { merchant?: undefined; error: PayAnswer } {
  const fields = parseAuthorization(req.authorization);
  if (!fields) return denied('Authorization 头缺失或认证类型错误');
  const { mchid, nonce_str: nonce, timestamp, serial_no: serial, signature } = fields;
  if (!mchid || !nonce || !timestamp || !serial || !signature) return denied('Authorization 头缺少签名信息');
  const merchant = merchants.get(mchid);
  if (!merchant) return denied(`商户号 ${mchid} 不存在`);
  if (serial.toUpperCase() !== merchant.certSerial) return denied('商户证书序列号有误');
  if (!/^\d+$/.test(timestamp) || Math.abs(req.nowMs / 1000 - Number(timestamp)) > MAX_SKEW_S) {
    return denied('请求时间戳超出允许范围');
  }
  const message = buildPaySignMessage([req.method, req.url, timestamp, nonce, req.body]);
  if (!verifyRsaSha256(message, signature, merchant.publicKey)) return denied('签名错误，请检查后再试');
  return { merchant };
}
