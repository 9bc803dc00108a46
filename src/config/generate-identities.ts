/** @module Random sandbox identities shaped like real ones (appid, secret, EncodingAESKey, merchant). */
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface SandboxApp {
  readonly appid: string;
  readonly secret: string;
  readonly token: string;
  readonly aesKey: string;
}

export interface SandboxMerchant {
  readonly mchid: string;
  readonly apiv3Key: string;
  readonly certSerial: string;
  readonly privateKeyPath: string;
}

export interface SandboxSecrets {
  readonly jwtSecret: string;
  readonly fieldKeys: Readonly<Record<string, string>>;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

function alnum(length: number): string {
  return Array.from({ length }, () => ALNUM[randomInt(ALNUM.length)]).join('');
}

export function generateApp(): SandboxApp {
  return { appid: `wx${hex(8)}`, secret: hex(16), token: alnum(32), aesKey: alnum(43) };
}

/** Writes the merchant's RSA private key (PKCS#8 PEM, mode 0600) into `dir`, named after the merchant id. */
export function generateMerchant(dir: string): SandboxMerchant {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  // Real merchant ids are 10 digits starting with 1; certificate serials are 40 upper-case hex digits.
  const mchid = `19${String(randomInt(100_000_000)).padStart(8, '0')}`;
  const privateKeyPath = join(dir, `sandbox-merchant-${mchid}.pem`);
  writeFileSync(privateKeyPath, privateKey, { mode: 0o600 });
  return { mchid, apiv3Key: alnum(32), certSerial: hex(20).toUpperCase(), privateKeyPath };
}

export function generateSecrets(): SandboxSecrets {
  return { jwtSecret: hex(32), fieldKeys: { '1': hex(16) } };
}
