/** @module Mini Program `encryptedData` (AES-128-CBC with the session_key) and `rawData` signatures. */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { DecryptError } from '../errors/wechat-error.js';
import { safeEqual } from './safe-equal.js';
import { sha1Hex } from './sha1-hex.js';

export interface DecryptMiniProgramDataInput {
  /** base64 session_key from jscode2session. */
  sessionKey: string;
  /** base64 iv sent by the client with the data. */
  iv: string;
  /** base64 encryptedData; whitespace (line wrapping) is ignored. */
  encryptedData: string;
  /** Must equal `watermark.appid` of the decrypted JSON. */
  appid: string;
  /** Reject data whose `watermark.timestamp` is older than this many seconds. */
  maxAgeS?: number;
  /** Current time in epoch milliseconds (defaults to Date.now()). */
  now?: number;
}

export interface MiniProgramWatermark {
  appid: string;
  timestamp: number;
}

export type MiniProgramData = Record<string, unknown> & { watermark: MiniProgramWatermark };

const AES_BLOCK = 16;
const WHITESPACE = /\s+/g;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(value: string, name: string): Buffer {
  const compact = typeof value === 'string' ? value.replace(WHITESPACE, '') : '';
  if (compact.length === 0 || !BASE64_PATTERN.test(compact)) {
    throw new DecryptError(`${name} is not valid base64`);
  }
  return Buffer.from(compact, 'base64');
}

function decodeKeyAndIv(sessionKey: string, iv: string): { key: Buffer; iv: Buffer } {
  const keyBytes = decodeBase64(sessionKey, 'session_key');
  const ivBytes = decodeBase64(iv, 'iv');
  if (keyBytes.length !== AES_BLOCK) throw new DecryptError('session_key must decode to 16 bytes');
  if (ivBytes.length !== AES_BLOCK) throw new DecryptError('iv must decode to 16 bytes');
  return { key: keyBytes, iv: ivBytes };
}

function decryptToText(key: Buffer, iv: Buffer, data: Buffer): string {
  if (data.length === 0 || data.length % AES_BLOCK !== 0) {
    throw new DecryptError('encryptedData has an invalid length');
  }
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new DecryptError('encryptedData could not be decrypted (wrong session_key or iv?)', { cause });
  }
}

function parseData(text: string): MiniProgramData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new DecryptError('encryptedData did not decrypt to JSON', { cause });
  }
  const watermark = (parsed as { watermark?: unknown } | null)?.watermark as
    Partial<MiniProgramWatermark> | undefined;
  if (typeof parsed !== 'object' || parsed === null || typeof watermark?.appid !== 'string') {
    throw new DecryptError('decrypted data has no watermark');
  }
  return parsed as MiniProgramData;
}

/** Decrypts and checks encryptedData (user info, phone, share info, run data…). */
export function decryptMiniProgramData(input: DecryptMiniProgramDataInput): MiniProgramData {
  const { key, iv } = decodeKeyAndIv(input.sessionKey, input.iv);
  const data = parseData(decryptToText(key, iv, decodeBase64(input.encryptedData, 'encryptedData')));
  // Data decrypted with another app's session could be replayed to us; the watermark binds it.
  if (data.watermark.appid !== input.appid) throw new DecryptError('watermark.appid does not match');
  if (input.maxAgeS !== undefined) {
    const nowS = Math.floor((input.now ?? Date.now()) / 1000);
    const stamp = Number(data.watermark.timestamp);
    if (!Number.isFinite(stamp) || nowS - stamp > input.maxAgeS) {
      throw new DecryptError('encryptedData watermark is too old');
    }
  }
  return data;
}

export interface EncryptMiniProgramDataInput {
  sessionKey: string;
  iv: string;
  /** The object (or JSON text) to encrypt; callers put the watermark in themselves. */
  data: unknown;
}

/** The reverse of decryptMiniProgramData, as the WeChat client does it (used by the emulator). */
export function encryptMiniProgramData(input: EncryptMiniProgramDataInput): string {
  const { key, iv } = decodeKeyAndIv(input.sessionKey, input.iv);
  const text = typeof input.data === 'string' ? input.data : JSON.stringify(input.data);
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
}

/** `signature = sha1(rawData + session_key)` as lower-case hex. */
export function signRawData(rawData: string, sessionKey: string): string {
  return sha1Hex(rawData + sessionKey);
}

/** True when `signature` matches signRawData (constant-time, hex case-insensitive). */
export function verifyRawData(rawData: string, sessionKey: string, signature: string): boolean {
  if (typeof signature !== 'string' || typeof rawData !== 'string') return false;
  return safeEqual(signRawData(rawData, sessionKey), signature.toLowerCase());
}
