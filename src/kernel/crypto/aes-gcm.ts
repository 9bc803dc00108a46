/** @module AEAD_AES_256_GCM as WeChat Pay v3 uses it: base64(ciphertext || 16-byte tag), keyed by the APIv3 key. */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { ConfigError, DecryptError } from '../errors/wechat-error.js';

export interface AesGcmParams {
  /** The 32-byte APIv3 key (a 32-character string is taken as its UTF-8 bytes). */
  key: string | Buffer;
  /** The `nonce` of the resource (12 characters from WeChat). */
  nonce: string | Buffer;
  /** The `associated_data` of the resource; may be empty. */
  associatedData?: string | Buffer;
}

export interface AesGcmDecryptInput extends AesGcmParams {
  /** base64 of ciphertext followed by the 16-byte authentication tag. */
  ciphertext: string;
}

export interface AesGcmEncryptInput extends AesGcmParams {
  plaintext: string | Buffer;
}

const KEY_LENGTH = 32;
const TAG_LENGTH = 16;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function toBytes(value: string | Buffer | undefined): Buffer {
  if (value === undefined) return Buffer.alloc(0);
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function checkedParams(params: AesGcmParams): { key: Buffer; nonce: Buffer; aad: Buffer } {
  const key = toBytes(params.key);
  if (key.length !== KEY_LENGTH) {
    throw new ConfigError('WECHAT_PAY_APIV3_KEY', `must be 32 bytes (got ${key.length})`);
  }
  const nonce = toBytes(params.nonce);
  if (nonce.length === 0) throw new DecryptError('AES-GCM nonce is empty');
  return { key, nonce, aad: toBytes(params.associatedData) };
}

/** Decrypts and authenticates; DecryptError when the tag, key, nonce or associated data is wrong. */
export function decryptAes256Gcm(input: AesGcmDecryptInput): string {
  const { key, nonce, aad } = checkedParams(input);
  if (typeof input.ciphertext !== 'string' || !BASE64_PATTERN.test(input.ciphertext)) {
    throw new DecryptError('AES-GCM ciphertext is not valid base64');
  }
  const data = Buffer.from(input.ciphertext, 'base64');
  if (data.length < TAG_LENGTH) throw new DecryptError('AES-GCM ciphertext is shorter than its tag');
  const body = data.subarray(0, data.length - TAG_LENGTH);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LENGTH });
    decipher.setAuthTag(data.subarray(data.length - TAG_LENGTH));
    decipher.setAAD(aad);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new DecryptError('AES-GCM authentication failed', { cause });
  }
}

/** Encrypts; returns base64(ciphertext || tag) in the form WeChat Pay sends. */
export function encryptAes256Gcm(input: AesGcmEncryptInput): string {
  const { key, nonce, aad } = checkedParams(input);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(aad);
  const body = cipher.update(toBytes(input.plaintext));
  const final = cipher.final();
  return Buffer.concat([body, final, cipher.getAuthTag()]).toString('base64');
}
