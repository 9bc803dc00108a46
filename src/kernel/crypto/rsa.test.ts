import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import { buildPaySignMessage } from './pay-sign-message.js';
import { signRsaSha256, verifyRsaSha256 } from './rsa.js';

interface PayV3Vector extends VectorEntry {
  kind: string;
  method?: string;
  canonical_url?: string;
  timestamp?: string;
  nonce_str?: string;
  body?: string;
  message: string;
  signature: string;
  private_key_pem: string;
  certificate_pem?: string;
}

// pay-v3.json kinds handled here: request-signature and raw-rsa-sha256. The aead* kinds are in
// aes-gcm.test.ts, authorization-format in pay-sign-message.test.ts.
const vectors = loadVectors<PayV3Vector>('pay-v3').filter(
  (v) => v.kind === 'request-signature' || v.kind === 'raw-rsa-sha256',
);

describe('signRsaSha256 / verifyRsaSha256 against published signatures', () => {
  it('covers every RSA entry of pay-v3.json', () => {
    expect(vectors.map((v) => v.id)).toEqual([
      'nodeeasywechat-get-certificates',
      'nodeeasywechat-get-with-query-and-body',
      'wechatpy-calculate-signature-rsa',
      'wechatpay-go-sha256withrsa-raw',
    ]);
  });

  it.each(vectors.map((v) => [v.id, v] as const))('reproduces %s', (_id, v) => {
    if (v.kind === 'request-signature') {
      const parts = [v.method!, v.canonical_url!, v.timestamp!, v.nonce_str!, v.body!];
      expect(buildPaySignMessage(parts)).toBe(v.message);
    }
    expect(signRsaSha256(v.message, v.private_key_pem)).toBe(v.signature);
    expect(signRsaSha256(v.message, createPrivateKey(v.private_key_pem))).toBe(v.signature);
    const publicKey = v.certificate_pem ?? createPublicKey(v.private_key_pem);
    expect(verifyRsaSha256(v.message, v.signature, publicKey)).toBe(true);
    expect(verifyRsaSha256(`${v.message}x`, v.signature, publicKey)).toBe(false);
  });
});

describe('verifyRsaSha256 never throws', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signature = signRsaSha256('hello', privateKey);

  it('accepts its own signature and rejects one from another key', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(verifyRsaSha256('hello', signature, publicKey)).toBe(true);
    expect(verifyRsaSha256('hello', signature, other.publicKey)).toBe(false);
  });

  it.each([
    ['a WeChat Pay signature probe', 'WECHATPAY/SIGNTEST/abcdef'],
    ['an empty signature', ''],
    ['non-base64 garbage', '%%%%'],
    ['a truncated signature', signature.slice(0, 20)],
  ])('returns false for %s', (_name, bad) => {
    expect(verifyRsaSha256('hello', bad, publicKey)).toBe(false);
  });

  it('returns false for an unusable public key', () => {
    expect(
      verifyRsaSha256('hello', signature, '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----'),
    ).toBe(false);
  });
});
