import { describe, expect, it } from 'vitest';
import { loadVectors, type VectorEntry } from '../../test/helpers/vectors.js';
import { decryptNotificationResource, decryptNotificationWith } from './notifications.js';
import type { NotificationEnvelope } from './pay.types.js';

interface AeadVector extends VectorEntry {
  kind: string;
  key: string;
  nonce: string;
  associated_data: string;
  ciphertext: string;
  plaintext: string;
  negative?: Array<Partial<Record<'key' | 'nonce' | 'associated_data' | 'ciphertext', string>>>;
  notify_body?: string;
}

const vectors = loadVectors<AeadVector>('pay-v3');
const aead = vectors.filter((v) => v.kind === 'aead');
const nonstandard = vectors.find((v) => v.kind === 'aead-nonstandard') as unknown as {
  key_utf8: string;
  notify_body: NotificationEnvelope;
};
// An APIv3 key is 32 bytes; the 16-byte-key entry is an AES-128 sample and must be refused as configuration.
const aes256 = aead.filter((v) => Buffer.byteLength(v.key) === 32);
const short = aead.filter((v) => Buffer.byteLength(v.key) !== 32);

const resourceOf = (v: AeadVector, o: Partial<AeadVector> = {}) => ({
  algorithm: 'AEAD_AES_256_GCM',
  nonce: o.nonce ?? v.nonce,
  associated_data: o.associated_data ?? v.associated_data,
  ciphertext: o.ciphertext ?? v.ciphertext,
});

describe('decryptNotificationResource', () => {
  it('covers the AEAD vectors', () => {
    expect(aes256.length).toBeGreaterThanOrEqual(4);
    expect(short.length).toBeGreaterThanOrEqual(1);
  });

  it.each(aes256.map((v) => [v.id, v] as const))('decrypts %s to the published plaintext', (_id, v) => {
    expect(decryptNotificationResource(v.key, resourceOf(v))).toBe(v.plaintext);
  });

  it.each(aes256.flatMap((v) => (v.negative ?? []).map((n, i) => [`${v.id}#${i}`, v, n] as const)))(
    'rejects the tampered input %s',
    (_id, v, negative) => {
      expect(() => decryptNotificationResource(negative.key ?? v.key, resourceOf(v, negative))).toThrow(
        expect.objectContaining({ code: 'WEGATE_DECRYPT_FAILED' }),
      );
    },
  );

  it.each(short.map((v) => [v.id, v] as const))(
    'refuses the non-32-byte key of %s as configuration',
    (_id, v) => {
      expect(() => decryptNotificationResource(v.key, resourceOf(v))).toThrow(
        expect.objectContaining({ code: 'WEGATE_CONFIG_INVALID' }),
      );
    },
  );

  it('refuses an algorithm other than AEAD_AES_256_GCM', () => {
    const v = aes256[0]!;
    expect(() => decryptNotificationResource(v.key, { ...resourceOf(v), algorithm: 'AES_128_CBC' })).toThrow(
      /unsupported/,
    );
  });
});

describe('decryptNotificationWith', () => {
  it('opens the published notify body into a typed notification', () => {
    const v = aes256.find((e) => e.notify_body !== undefined)!;
    const envelope = JSON.parse(v.notify_body!) as NotificationEnvelope;
    const notification = decryptNotificationWith(v.key, envelope);
    expect(notification.id).toBe('EV-2018022511223320873');
    expect(notification.event_type).toBe('TRANSACTION.SUCCESS');
    expect(notification.resource).toEqual({ foo: 'bar' });
  });

  it('refuses the non-standard sample whose key is not 32 bytes, instead of zero-padding it', () => {
    expect(() => decryptNotificationWith(nonstandard.key_utf8, nonstandard.notify_body)).toThrow(
      expect.objectContaining({ code: 'WEGATE_CONFIG_INVALID' }),
    );
  });

  it('reports a resource that decrypts to something other than JSON as a parse failure', () => {
    const v = aes256.find((e) => e.plaintext === 'message')!;
    const envelope = {
      id: 'x',
      create_time: '',
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: '',
      summary: '',
      resource: resourceOf(v),
    };
    expect(() => decryptNotificationWith(v.key, envelope)).toThrow(
      expect.objectContaining({ code: 'WEGATE_PARSE_FAILED' }),
    );
  });
});
