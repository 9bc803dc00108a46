/** @module Signs what the emulated WeChat Pay sends: API answers and notifications, per the merchant's mode. */
import { randomBytes } from 'node:crypto';
import { buildPaySignMessage, randomNonce, signRsaSha256 } from '../../kernel/crypto/index.js';
import type { Merchant } from './merchant-book.js';
import type { PlatformKeys } from './platform-key-book.js';

export type PaySignature = 'valid' | 'bad' | 'probe';

export interface WechatpayHeaders {
  readonly 'Wechatpay-Timestamp': string;
  readonly 'Wechatpay-Nonce': string;
  readonly 'Wechatpay-Serial': string;
  readonly 'Wechatpay-Signature': string;
  readonly 'Wechatpay-Signature-Type': string;
}

/** The headers WeChat Pay adds; `bad` forges the signature, `probe` sends WeChat's WECHATPAY/SIGNTEST/ probe. */
export function signPayMessage(
  keys: PlatformKeys,
  merchant: Merchant,
  body: string,
  options: { nowMs: number; signature?: PaySignature },
): WechatpayHeaders {
  const timestamp = String(Math.floor(options.nowMs / 1000));
  const nonce = randomNonce(32);
  const signer =
    merchant.verifyMode === 'public-key'
      ? { serial: keys.publicKey.id, key: keys.publicKey.privateKey }
      : { serial: keys.certificates[0]!.serial, key: keys.certificates[0]!.privateKey };
  let signature = signRsaSha256(buildPaySignMessage([timestamp, nonce, body]), signer.key);
  if (options.signature === 'bad') signature = randomBytes(256).toString('base64');
  if (options.signature === 'probe') signature = `WECHATPAY/SIGNTEST/${randomBytes(192).toString('base64')}`;
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Serial': signer.serial,
    'Wechatpay-Signature': signature,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}
