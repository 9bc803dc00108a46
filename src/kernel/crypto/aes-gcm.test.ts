import { X509Certificate } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { ConfigError, DecryptError } from '../errors/wechat-error.js';
import { loadVectors, type VectorEntry } from '../../../test/helpers/vectors.js';
import { decryptAes256Gcm, encryptAes256Gcm } from './aes-gcm.js';

interface AeadVector extends VectorEntry {
  kind: string;
  key?: string;
  key_utf8?: string;
  key_effective_hex?: string;
  nonce: string;
  associated_data: string;
  ciphertext: string;
  plaintext?: string;
  negative?: Array<Partial<Record<'key' | 'nonce' | 'associated_data' | 'ciphertext', string>>>;
  notify_body?: string;
  expected_serial_no?: string;
}

const all = loadVectors<AeadVector>('pay-v3');
const aead = all.filter((v) => v.kind === 'aead');
const byId = (id: string): AeadVector => all.find((v) => v.id === id)!;
// wechatpay-go-aes-util uses a 16-byte key (AES-128-GCM); an APIv3 key is always 32 bytes, so that
// entry and its negatives are checked as rejected configuration, not decrypted.
const aes256 = aead.filter((v) => Buffer.byteLength(v.key!) === 32);

function params(v: AeadVector) {
  return { key: v.key!, nonce: v.nonce, associatedData: v.associated_data };
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('AES-256-GCM against published vectors', () => {
  it.each(aes256.map((v) => [v.id, v] as const))('decrypts and re-encrypts %s', (_id, v) => {
    expect(decryptAes256Gcm({ ...params(v), ciphertext: v.ciphertext })).toBe(v.plaintext);
    expect(encryptAes256Gcm({ ...params(v), plaintext: v.plaintext! })).toBe(v.ciphertext);
  });

  it('rejects the published negatives (wrong associated data, wrong nonce) with DecryptError', () => {
    const v = byId('wechatpay-java-aead');
    expect(v.negative).toHaveLength(2);
    for (const change of v.negative!) {
      const input = {
        key: change.key ?? v.key!,
        nonce: change.nonce ?? v.nonce,
        associatedData: change.associated_data ?? v.associated_data,
        ciphertext: change.ciphertext ?? v.ciphertext,
      };
      expect(errorOf(() => decryptAes256Gcm(input))).toBeInstanceOf(DecryptError);
    }
  });

  it('rejects the 16-byte key of wechatpay-go-aes-util and its negatives as configuration errors', () => {
    const v = byId('wechatpay-go-aes-util');
    const inputs = [{ ...params(v), ciphertext: v.ciphertext }];
    for (const change of v.negative!)
      inputs.push({ ...params(v), key: change.key ?? v.key!, ciphertext: change.ciphertext ?? v.ciphertext });
    for (const input of inputs) {
      const e = errorOf(() => decryptAes256Gcm(input));
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).setting).toBe('WECHAT_PAY_APIV3_KEY');
    }
  });

  it('decrypts the resource of a pay notification body (nodeeasywechat-notify-resource)', () => {
    const v = byId('nodeeasywechat-notify-resource');
    const { resource } = JSON.parse(v.notify_body!) as {
      resource: { nonce: string; associated_data: string; ciphertext: string };
    };
    const plain = decryptAes256Gcm({
      key: v.key!,
      nonce: resource.nonce,
      associatedData: resource.associated_data,
      ciphertext: resource.ciphertext,
    });
    expect(JSON.parse(plain)).toEqual({ foo: 'bar' });
  });

  it('decrypts a downloaded platform certificate whose serial matches (wechatpay-java-certificate-download)', () => {
    const v = byId('wechatpay-java-certificate-download');
    const pem = decryptAes256Gcm({ ...params(v), ciphertext: v.ciphertext });
    expect(new X509Certificate(pem).serialNumber.toUpperCase()).toBe(v.expected_serial_no);
  });

  it('handles the non-standard EasyWeChat fixture: rejects its 3-byte key, decrypts with the padded key', () => {
    const v = byId('easywechat-pay-demo-nonstandard');
    const base = { nonce: v.nonce, associatedData: v.associated_data, ciphertext: v.ciphertext };
    expect(errorOf(() => decryptAes256Gcm({ ...base, key: v.key_utf8! }))).toBeInstanceOf(ConfigError);
    const plain = decryptAes256Gcm({ ...base, key: Buffer.from(v.key_effective_hex!, 'hex') });
    expect(plain).toBe(v.plaintext);
  });
});

describe('AES-256-GCM failure modes', () => {
  const key = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
  const sealed = encryptAes256Gcm({
    key,
    nonce: 'abcdefghijkl',
    associatedData: 'transaction',
    plaintext: '{"amount":{"total":1}}',
  });

  const flipped = Buffer.from(sealed, 'base64');
  flipped[0] = (flipped[0] as number) ^ 1;

  it.each([
    ['a flipped ciphertext bit', { ciphertext: flipped.toString('base64') }],
    ['a ciphertext shorter than the tag', { ciphertext: Buffer.alloc(8).toString('base64') }],
    ['a non-base64 ciphertext', { ciphertext: 'not base64!' }],
    ['another key', { key: 'b7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb' }],
    ['an empty nonce', { nonce: '' }],
  ])('throws DecryptError for %s', (_name, change) => {
    const input = {
      key,
      nonce: 'abcdefghijkl',
      associatedData: 'transaction',
      ciphertext: sealed,
      ...change,
    };
    expect(errorOf(() => decryptAes256Gcm(input))).toBeInstanceOf(DecryptError);
  });

  it('round-trips unicode with no associated data', () => {
    const ciphertext = encryptAes256Gcm({ key, nonce: 'n0', plaintext: '支付成功 ✅' });
    expect(decryptAes256Gcm({ key, nonce: 'n0', ciphertext })).toBe('支付成功 ✅');
  });
});
