/** @module RSASSA-PKCS1-v1_5 with SHA-256, as used by WeChat Pay v3 requests and notifications. */
import { createSign, createVerify } from 'node:crypto';
import type { KeyLike } from 'node:crypto';

/** Signs `message` (UTF-8) with a private key (PEM or KeyObject); returns base64. */
export function signRsaSha256(message: string | Buffer, privateKey: KeyLike): string {
  return createSign('RSA-SHA256').update(message).sign(privateKey, 'base64');
}

/**
 * Verifies a base64 signature with a public key, certificate PEM or KeyObject. Returns false
 * (never throws) on garbage, probe signatures (`WECHATPAY/SIGNTEST/…`) or an unusable key.
 */
export function verifyRsaSha256(message: string | Buffer, signatureB64: string, publicKey: KeyLike): boolean {
  if (typeof signatureB64 !== 'string' || signatureB64.length === 0) return false;
  try {
    const signature = Buffer.from(signatureB64, 'base64');
    if (signature.length === 0) return false;
    return createVerify('RSA-SHA256').update(message).verify(publicKey, signature);
  } catch {
    return false;
  }
}
