/** @module Merchants known to the emulated WeChat Pay (their public key, APIv3 key and verify mode). */
import { createPublicKey, type KeyObject } from 'node:crypto';

export type VerifyMode = 'certificate' | 'public-key';

export interface MerchantSpec {
  readonly mchid: string;
  readonly apiv3Key: string;
  /** The merchant API certificate's public key, which verifies its requests and paySigns. */
  readonly publicKeyPem: string;
  readonly certSerial: string;
  /** How WeChat Pay signs answers and notifications for it: platform certificate or public key. */
  readonly verifyMode?: VerifyMode;
}

export interface Merchant extends Omit<MerchantSpec, 'verifyMode'> {
  readonly verifyMode: VerifyMode;
  readonly publicKey: KeyObject;
}

export interface MerchantBook {
  /** Adds or replaces; throws on an unreadable key or an APIv3 key that is not 32 bytes. */
  put(spec: MerchantSpec): Merchant;
  get(mchid: string): Merchant | undefined;
  list(): Merchant[];
  clear(): void;
}

export function createMerchantBook(): MerchantBook {
  const merchants = new Map<string, Merchant>();
  return {
    put: (spec) => {
      if (Buffer.byteLength(spec.apiv3Key, 'utf8') !== 32) throw new RangeError('apiv3Key must be 32 bytes');
      const merchant: Merchant = {
        ...spec,
        certSerial: spec.certSerial.toUpperCase(),
        verifyMode: spec.verifyMode ?? 'certificate',
        publicKey: createPublicKey(spec.publicKeyPem),
      };
      merchants.set(spec.mchid, merchant);
      return merchant;
    },
    get: (mchid) => merchants.get(mchid),
    list: () => [...merchants.values()],
    clear: () => merchants.clear(),
  };
}
