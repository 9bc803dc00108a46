import { describe, expect, it } from 'vitest';
import { encryptAes256Gcm } from '../kernel/crypto/index.js';
import { loadVectors, type VectorEntry } from '../../test/helpers/vectors.js';
import { decryptCertificates } from './decrypt-certificates.js';

interface CertVector extends VectorEntry {
  kind: string;
  key: string;
  nonce: string;
  associated_data: string;
  ciphertext: string;
  expected_serial_no: string;
  expire_time: string;
}

const vector = loadVectors<CertVector>('pay-v3').find((v) => v.kind === 'aead-certificate')!;

function downloadBody(overrides: Partial<Record<'ciphertext' | 'serial_no', string>> = {}): string {
  return JSON.stringify({
    data: [
      {
        serial_no: overrides.serial_no ?? vector.expected_serial_no,
        effective_time: '2023-09-19T23:15:58+08:00',
        expire_time: vector.expire_time,
        encrypt_certificate: {
          algorithm: 'AEAD_AES_256_GCM',
          nonce: vector.nonce,
          associated_data: vector.associated_data,
          ciphertext: overrides.ciphertext ?? vector.ciphertext,
        },
      },
    ],
  });
}

const beforeExpiry = Date.parse('2025-01-01T00:00:00Z');

describe('decryptCertificates', () => {
  it('decrypts the published /v3/certificates entry to a certificate with the published serial', () => {
    const [cert, ...rest] = decryptCertificates(downloadBody(), vector.key, beforeExpiry);
    expect(rest).toEqual([]);
    expect(cert!.serial).toBe(vector.expected_serial_no);
    expect(cert!.pem).toContain('-----BEGIN CERTIFICATE-----');
    expect(cert!.expiresAt).toBe(Date.parse(vector.expire_time));
  });

  it('leaves out certificates that have expired', () => {
    expect(decryptCertificates(downloadBody(), vector.key, Date.parse('2029-01-01T00:00:00Z'))).toEqual([]);
  });

  it('rejects a wrong APIv3 key', () => {
    const wrongKey = 'b'.repeat(32);
    expect(() => decryptCertificates(downloadBody(), wrongKey, beforeExpiry)).toThrow(
      /authentication failed/,
    );
  });

  it('rejects an entry whose serial_no is not the certificate serial', () => {
    expect(() =>
      decryptCertificates(downloadBody({ serial_no: 'ABCDEF' }), vector.key, beforeExpiry),
    ).toThrow(/does not match/);
  });

  it('rejects an encrypted payload that is not a certificate', () => {
    const ciphertext = encryptAes256Gcm({
      key: vector.key,
      nonce: vector.nonce,
      associatedData: vector.associated_data,
      plaintext: 'not a certificate',
    });
    expect(() => decryptCertificates(downloadBody({ ciphertext }), vector.key, beforeExpiry)).toThrow(
      /X\.509/,
    );
  });

  it('rejects a body without a data array', () => {
    expect(() => decryptCertificates('{"foo":1}', vector.key, beforeExpiry)).toThrow(/data array/);
  });
});
