/** @module Field encryption at rest with SM4-CBC and versioned keys: `v<version>:<base64(iv || ciphertext)>`. */
import { createCipheriv, createDecipheriv, createSecretKey, getCiphers, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { ConfigError, DecryptError } from '../errors/wechat-error.js';

export interface FieldCipherOptions {
  /** Version → 32 hex characters (a 128-bit SM4 key). The highest version encrypts new values. */
  keys: Record<string, string>;
}

export interface FieldCipher {
  /** The version new values are written with. */
  readonly currentVersion: string;
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** True when `stored` was written with an older key and should be re-encrypted. */
  needsRotation(stored: string): boolean;
}

const SETTING = 'WEGATE_FIELD_KEYS';
const IV_LENGTH = 16;
const KEY_HEX = /^[0-9a-fA-F]{32}$/;
const VERSION = /^[0-9]+$/;
const STORED = /^v([0-9]+):([A-Za-z0-9+/]+={0,2})$/;

/** True when the running OpenSSL offers SM4-CBC (OpenSSL 3 does; some FIPS builds do not). */
export function isSm4Available(): boolean {
  return getCiphers().includes('sm4-cbc');
}

function loadKeys(keys: Record<string, string>): Map<string, KeyObject> {
  const loaded = new Map<string, KeyObject>();
  for (const [version, hex] of Object.entries(keys)) {
    if (!VERSION.test(version)) throw new ConfigError(SETTING, `key version "${version}" is not a number`);
    if (!KEY_HEX.test(hex)) throw new ConfigError(SETTING, `key v${version} must be 32 hex characters`);
    loaded.set(String(Number(version)), createSecretKey(Buffer.from(hex, 'hex')));
  }
  if (loaded.size === 0) throw new ConfigError(SETTING, 'at least one key is required');
  return loaded;
}

function splitStored(stored: string): { version: string; payload: Buffer } {
  const match = typeof stored === 'string' ? STORED.exec(stored) : null;
  if (!match) throw new DecryptError('stored field is not in the v<version>:<base64> format');
  return { version: String(Number(match[1])), payload: Buffer.from(match[2] as string, 'base64') };
}

/** Creates the cipher; ConfigError when a key is malformed or SM4 is unavailable. */
export function createFieldCipher(options: FieldCipherOptions): FieldCipher {
  if (!isSm4Available()) throw new ConfigError(SETTING, 'this Node.js/OpenSSL build has no sm4-cbc');
  const keys = loadKeys(options.keys);
  const currentVersion = [...keys.keys()].sort((a, b) => Number(b) - Number(a))[0] as string;
  const currentKey = keys.get(currentVersion) as KeyObject;

  const encrypt = (plain: string): string => {
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('sm4-cbc', currentKey, iv);
    const body = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]);
    return `v${currentVersion}:${body.toString('base64')}`;
  };

  const decrypt = (stored: string): string => {
    const { version, payload } = splitStored(stored);
    const key = keys.get(version);
    if (!key) throw new DecryptError(`no field key for version v${version}`);
    if (payload.length < IV_LENGTH * 2 || payload.length % IV_LENGTH !== 0) {
      throw new DecryptError('stored field has an invalid length');
    }
    try {
      const decipher = createDecipheriv('sm4-cbc', key, payload.subarray(0, IV_LENGTH));
      const body = payload.subarray(IV_LENGTH);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new DecryptError('stored field could not be decrypted', { cause });
    }
  };

  const needsRotation = (stored: string): boolean => splitStored(stored).version !== currentVersion;

  return { currentVersion, encrypt, decrypt, needsRotation };
}
