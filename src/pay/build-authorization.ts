/** @module The `Authorization` header of a WeChat Pay v3 request (WECHATPAY2-SHA256-RSA2048). */
import type { KeyLike } from 'node:crypto';
import { buildPaySignMessage, signRsaSha256 } from '../kernel/crypto/index.js';

export const PAY_AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

export interface AuthorizationInput {
  readonly mchid: string;
  /** Serial of the merchant API certificate (upper-case hex). */
  readonly serialNo: string;
  readonly method: string;
  /** Path plus `?query`, without scheme and host. */
  readonly canonicalUrl: string;
  /** The exact body bytes sent; empty for GET. */
  readonly body: string;
  /** Unix seconds, as a string. */
  readonly timestamp: string;
  readonly nonce: string;
  readonly privateKey: KeyLike;
}

/** Signs METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n and formats the header (field order is free; WeChat ignores it). */
export function buildAuthorization(input: AuthorizationInput): string {
  const message = buildPaySignMessage([
    input.method,
    input.canonicalUrl,
    input.timestamp,
    input.nonce,
    input.body,
  ]);
  const signature = signRsaSha256(message, input.privateKey);
  const fields = [
    `mchid="${input.mchid}"`,
    `nonce_str="${input.nonce}"`,
    `timestamp="${input.timestamp}"`,
    `serial_no="${input.serialNo}"`,
    `signature="${signature}"`,
  ];
  return `${PAY_AUTH_SCHEME} ${fields.join(',')}`;
}
