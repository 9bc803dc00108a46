/** @module The `/v3/certificates` answer: each platform certificate decrypted with the APIv3 key. */
import { X509Certificate } from 'node:crypto';
import { decryptAes256Gcm } from '../kernel/crypto/index.js';
import { DecryptError, ParseError } from '../kernel/errors/index.js';

export interface PlatformCertificate {
  /** Upper-case hex serial, the value `Wechatpay-Serial` carries. */
  readonly serial: string;
  readonly pem: string;
  readonly certificate: X509Certificate;
  readonly expiresAt: number;
}

interface EncryptedCertificateEntry {
  serial_no?: unknown;
  encrypt_certificate?: { ciphertext?: unknown; nonce?: unknown; associated_data?: unknown };
}

/** Parses a certificate PEM; DecryptError when it is not one. */
export function parsePlatformCertificate(pem: string): PlatformCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (cause) {
    throw new DecryptError('platform certificate is not a valid X.509 PEM', { cause });
  }
  return {
    serial: certificate.serialNumber.toUpperCase(),
    pem,
    certificate,
    expiresAt: Date.parse(certificate.validTo),
  };
}

function decryptEntry(entry: EncryptedCertificateEntry, apiv3Key: string): PlatformCertificate {
  const enc = entry.encrypt_certificate;
  if (typeof enc?.ciphertext !== 'string' || typeof enc.nonce !== 'string') {
    throw new ParseError('certificate entry without encrypt_certificate');
  }
  const pem = decryptAes256Gcm({
    key: apiv3Key,
    nonce: enc.nonce,
    ciphertext: enc.ciphertext,
    associatedData: typeof enc.associated_data === 'string' ? enc.associated_data : '',
  });
  const cert = parsePlatformCertificate(pem);
  if (typeof entry.serial_no === 'string' && entry.serial_no.toUpperCase() !== cert.serial) {
    throw new DecryptError(`certificate serial ${cert.serial} does not match serial_no ${entry.serial_no}`);
  }
  return cert;
}

/** Decrypts every entry of `{data:[…]}`; certificates already expired at `nowMs` are left out. */
export function decryptCertificates(body: string, apiv3Key: string, nowMs: number): PlatformCertificate[] {
  let parsed: { data?: unknown };
  try {
    parsed = JSON.parse(body) as { data?: unknown };
  } catch (cause) {
    throw new ParseError('/v3/certificates answer is not JSON', { cause });
  }
  if (!Array.isArray(parsed.data)) throw new ParseError('/v3/certificates answer has no data array');
  return (parsed.data as EncryptedCertificateEntry[])
    .map((entry) => decryptEntry(entry, apiv3Key))
    .filter((cert) => cert.expiresAt > nowMs);
}
