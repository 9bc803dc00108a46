/** @module WeChat message encryption (WXBizMsgCrypt): AES-256-CBC, IV = key[0:16], PKCS#7 over 32-byte blocks. */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ConfigError, DecryptError, MsgCryptErrcode } from '../errors/wechat-error.js';
import { pkcs7PadLength, pkcs7UnpaddedLength, writePkcs7Padding } from './pkcs7.js';

export interface MsgCipherOptions {
  /** The 43-character EncodingAESKey from the WeChat console. */
  aesKey: string;
  /** Receive id checked after decrypting: the AppID (Official Account, Mini Program) or CorpID (WeCom). */
  appid: string;
}

export interface DecryptedMessage {
  message: string;
  appid: string;
}

export interface MsgCipher {
  /** Encrypts a plaintext XML/JSON message into the base64 `Encrypt` value. */
  encrypt(plain: string, random16?: Buffer): string;
  /** Decrypts an `Encrypt` value; throws DecryptError on any malformed input or appid mismatch. */
  decrypt(encrypted: string): DecryptedMessage;
}

const BLOCK_SIZE = 32;
const RANDOM_LENGTH = 16;
const HEADER_LENGTH = RANDOM_LENGTH + 4;
const AES_KEY_PATTERN = /^[A-Za-z0-9+/]{43}$/;
// Random prefixes are cut from one CSPRNG fill of this many bytes instead of a call per reply.
const RANDOM_POOL_BYTES = 4096;

/** Decodes a 43-character EncodingAESKey into the 32-byte AES key (ConfigError otherwise). */
export function decodeEncodingAesKey(aesKey: string): Buffer {
  if (!AES_KEY_PATTERN.test(aesKey)) {
    throw new ConfigError(
      'EncodingAESKey',
      `must be exactly 43 base64 characters (got ${aesKey.length} characters)`,
    );
  }
  return Buffer.from(`${aesKey}=`, 'base64');
}

/** Creates the cipher for one app; the key is decoded once and kept as a KeyObject. */
export function createMsgCipher(options: MsgCipherOptions): MsgCipher {
  const raw = decodeEncodingAesKey(options.aesKey);
  const key = createSecretKey(raw);
  const iv = Buffer.from(raw.subarray(0, RANDOM_LENGTH));
  const appidBytes = Buffer.from(options.appid, 'utf8');
  const random = createRandomPool();
  const chain = createCbcChain(key, iv);
  return {
    encrypt: (plain, random16) => encryptMessage(chain, appidBytes, plain, random16 ?? random()),
    decrypt: (encrypted) => decryptMessage(chain, options.appid, encrypted),
  };
}

interface CbcChain {
  /** AES-256-CBC of whole blocks under the app's IV; the first block of `blocks` is overwritten. */
  encrypt(blocks: Buffer): Buffer;
  /** The inverse, for whole blocks. */
  decrypt(data: Buffer): Buffer;
}

const AES_BLOCK = 16;

function rechain(block: Buffer, last: Buffer, iv: Buffer): void {
  for (let i = 0; i < AES_BLOCK; i++)
    block[i] = (block[i] as number) ^ (last[i] as number) ^ (iv[i] as number);
}

/**
 * WeChat fixes the IV, so every message starts CBC from the same point. A new OpenSSL context per
 * message is most of the cost at these sizes, so one encrypting and one decrypting context stay open
 * and are steered back to the IV: CBC chains each block on the previous ciphertext block, so XORing
 * the first block with (previous ciphertext block ⊕ IV) on the way in (encrypt) or on the way out
 * (decrypt) gives exactly what a fresh context gives. Calls are synchronous, so none interleave.
 */
function createCbcChain(key: KeyObject, iv: Buffer): CbcChain {
  const encipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const encLast = Buffer.from(iv);
  const decLast = Buffer.from(iv);
  return {
    encrypt(blocks) {
      rechain(blocks, encLast, iv);
      const out = encipher.update(blocks);
      out.copy(encLast, 0, out.length - AES_BLOCK);
      return out;
    },
    decrypt(data) {
      const out = decipher.update(data);
      rechain(out, decLast, iv);
      data.copy(decLast, 0, data.length - AES_BLOCK);
      return out;
    },
  };
}

/** Hands out 16 fresh random bytes per call; each byte of a fill is handed out once. */
function createRandomPool(): () => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + RANDOM_LENGTH > pool.length) {
      pool = randomBytes(RANDOM_POOL_BYTES);
      offset = 0;
    }
    offset += RANDOM_LENGTH;
    return pool.subarray(offset - RANDOM_LENGTH, offset);
  };
}

function encryptMessage(chain: CbcChain, appid: Buffer, plain: string, random16: Buffer): string {
  if (random16.length !== RANDOM_LENGTH) throw new RangeError('random16 must be 16 bytes');
  const messageLength = Buffer.byteLength(plain, 'utf8');
  const contentLength = HEADER_LENGTH + messageLength + appid.length;
  const padLength = pkcs7PadLength(contentLength, BLOCK_SIZE);
  // One buffer laid out in place: random || uint32_be(len) || msg || appid || padding.
  const block = Buffer.allocUnsafe(contentLength + padLength);
  random16.copy(block, 0);
  block.writeUInt32BE(messageLength, RANDOM_LENGTH);
  block.write(plain, HEADER_LENGTH, 'utf8');
  appid.copy(block, HEADER_LENGTH + messageLength);
  writePkcs7Padding(block, padLength);
  return chain.encrypt(block).toString('base64');
}

/**
 * Strict standard base64 (padded, no whitespace, no URL-safe letters), undefined otherwise. Node's
 * decoder skips characters outside the alphabet and stops at '=', so any such character makes the
 * output shorter than the length the input promises; only '-' and '_' (which it accepts) need a look.
 */
function decodeStrictBase64(text: string): Buffer | undefined {
  const length = text.length;
  if (length % 4 !== 0 || text.includes('-') || text.includes('_')) return undefined;
  const pads = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const data = Buffer.from(text, 'base64');
  return data.length === (length / 4) * 3 - pads ? data : undefined;
}

const ILLEGAL_BUFFER = { errcode: MsgCryptErrcode.IllegalBuffer };

function decipherBlocks(chain: CbcChain, encrypted: string): Buffer {
  const data = typeof encrypted === 'string' ? decodeStrictBase64(encrypted) : undefined;
  if (data === undefined) {
    throw new DecryptError('Encrypt is not valid base64 (-40010)', { errcode: MsgCryptErrcode.DecodeBase64 });
  }
  if (data.length === 0 || data.length % BLOCK_SIZE !== 0) {
    throw new DecryptError('Encrypt has an invalid length (-40007)', {
      errcode: MsgCryptErrcode.DecryptAES,
    });
  }
  return chain.decrypt(data);
}

function decryptMessage(chain: CbcChain, expectedAppid: string, encrypted: string): DecryptedMessage {
  const plain = decipherBlocks(chain, encrypted);
  const contentLength = pkcs7UnpaddedLength(plain, BLOCK_SIZE);
  if (contentLength < 0) throw new DecryptError('invalid padding after decryption (-40008)', ILLEGAL_BUFFER);
  if (contentLength < HEADER_LENGTH) {
    throw new DecryptError('decrypted message is truncated (-40008)', ILLEGAL_BUFFER);
  }
  const messageLength = plain.readUInt32BE(RANDOM_LENGTH);
  const messageEnd = HEADER_LENGTH + messageLength;
  if (messageEnd > contentLength) {
    throw new DecryptError('length prefix exceeds the decrypted content (-40008)', ILLEGAL_BUFFER);
  }
  const appid = plain.toString('utf8', messageEnd, contentLength);
  if (appid !== expectedAppid) {
    throw new DecryptError('receive id does not match the appid (-40005)', {
      errcode: MsgCryptErrcode.ValidateAppid,
    });
  }
  return { message: plain.toString('utf8', HEADER_LENGTH, messageEnd), appid };
}
