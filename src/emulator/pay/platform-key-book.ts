/** @module The emulator's WeChat Pay signing identities: platform certificates (rotatable) and a public key. */
import { KeyObject, randomBytes, webcrypto, type KeyObject as KeyObjectType } from 'node:crypto';
import { loadX509 } from './load-x509.js';

export interface PlatformCertificateKey {
  readonly serial: string;
  readonly pem: string;
  readonly privateKey: KeyObjectType;
  readonly effectiveTime: number;
  readonly expireTime: number;
}

export interface PublicKeyIdentity {
  readonly id: string;
  readonly publicKeyPem: string;
  readonly privateKey: KeyObjectType;
}

export interface PlatformKeys {
  /** Newest first; the first one signs. */
  readonly certificates: readonly PlatformCertificateKey[];
  readonly publicKey: PublicKeyIdentity;
}

export interface PlatformKeyBook {
  /** Generates the keys on first use (RSA generation is too slow to do for every World). */
  ready(): Promise<PlatformKeys>;
  /** Issues a new platform certificate that signs from now on; the old one stays listed unless `dropOld`. */
  rotate(options?: { dropOld?: boolean }): Promise<PlatformCertificateKey>;
}

const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const CERT_LIFETIME_MS = 5 * 365 * 86_400_000;

function newSerial(): string {
  const bytes = randomBytes(20);
  // A leading byte in 0x10..0x7f keeps the DER integer positive and its hex free of a leading zero.
  bytes[0] = 0x10 + (bytes[0]! % 0x70);
  return bytes.toString('hex').toUpperCase();
}

async function issueCertificate(nowMs: number): Promise<PlatformCertificateKey> {
  const x509 = await loadX509();
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const serial = newSerial();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial,
    name: 'CN=Tenpay.com sign, OU=Tenpay.com CA Center, O=Tenpay.com, L=Shenzhen, C=CN',
    notBefore: new Date(nowMs - 60_000),
    notAfter: new Date(nowMs + CERT_LIFETIME_MS),
    signingAlgorithm: RSA,
    keys,
  });
  return {
    serial,
    pem: cert.toString('pem'),
    privateKey: KeyObject.from(keys.privateKey),
    effectiveTime: nowMs - 60_000,
    expireTime: nowMs + CERT_LIFETIME_MS,
  };
}

async function newPublicKey(): Promise<PublicKeyIdentity> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const publicKeyPem = KeyObject.from(keys.publicKey).export({ type: 'spki', format: 'pem' }).toString();
  const id = `PUB_KEY_ID_${randomBytes(16).toString('hex').toUpperCase()}`;
  return { id, publicKeyPem, privateKey: KeyObject.from(keys.privateKey) };
}

export function createPlatformKeyBook(deps: { now: () => number }): PlatformKeyBook {
  let keys: Promise<PlatformKeys> | undefined;
  const ready = () => {
    keys ??= Promise.all([issueCertificate(deps.now()), newPublicKey()]).then(([cert, publicKey]) => ({
      certificates: [cert],
      publicKey,
    }));
    return keys;
  };
  return {
    ready,
    rotate: async (options = {}) => {
      const current = await ready();
      const cert = await issueCertificate(deps.now());
      const certificates = options.dropOld ? [cert] : [cert, ...current.certificates];
      keys = Promise.resolve({ ...current, certificates });
      return cert;
    },
  };
}
