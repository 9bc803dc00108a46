import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildPaySignMessage, encryptAes256Gcm, signRsaSha256 } from '../kernel/crypto/index.js';
import { decryptNotificationWith, verifyNotificationWith } from './notifications.js';
import type { SignedPayMessage } from './pay.types.js';
import { verifyPaySignature, type PayKeyResolver } from './verify-pay-signature.js';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const SERIAL = 'PUB_KEY_ID_0112345678';
const APIV3_KEY = 'k'.repeat(32);
const NOW = Date.parse('2026-01-02T03:04:05Z');
const nowS = String(NOW / 1000);

const resolveKey: PayKeyResolver = async (serial) => (serial === SERIAL ? platform.publicKey : undefined);

function signed(
  body: string,
  o: { key?: KeyObject; timestamp?: string; serial?: string; signature?: string } = {},
) {
  const timestamp = o.timestamp ?? nowS;
  const nonce = 'n0nce';
  const signature =
    o.signature ?? signRsaSha256(buildPaySignMessage([timestamp, nonce, body]), o.key ?? platform.privateKey);
  const headers = {
    'wechatpay-timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'WECHATPAY-SERIAL': o.serial ?? SERIAL,
    'wechatpay-signature': signature,
  };
  return { headers, rawBody: body };
}

const verify = (message: SignedPayMessage) =>
  verifyPaySignature(message, { resolveKey, nowMs: NOW, skewS: 300 });
const rejected = expect.objectContaining({ code: 'WEGATE_BAD_SIGNATURE' });

describe('verifyPaySignature', () => {
  it('accepts a body signed by the key its serial names, whatever the header case', async () => {
    await expect(verify(signed('{"a":1}'))).resolves.toEqual({
      serial: SERIAL,
      timestamp: NOW / 1000,
      body: '{"a":1}',
    });
  });

  it('verifies the raw bytes, so re-serialised JSON fails', async () => {
    const message = signed('{"a": 1}');
    await expect(verify({ ...message, rawBody: '{"a":1}' })).rejects.toEqual(rejected);
  });

  it('rejects a signature made with another key', async () => {
    await expect(verify(signed('{}', { key: other.privateKey }))).rejects.toThrow(/does not verify/);
  });

  it('rejects an unknown serial', async () => {
    await expect(verify(signed('{}', { serial: 'PUB_KEY_ID_OTHER' }))).rejects.toThrow(
      /unknown Wechatpay-Serial/,
    );
  });

  it('rejects timestamps at or beyond the skew window, in both directions', async () => {
    await expect(verify(signed('{}', { timestamp: String(NOW / 1000 - 300) }))).rejects.toThrow(/clock skew/);
    await expect(verify(signed('{}', { timestamp: String(NOW / 1000 + 301) }))).rejects.toThrow(/clock skew/);
    await expect(verify(signed('{}', { timestamp: String(NOW / 1000 - 299) }))).resolves.toBeDefined();
  });

  it('rejects WeChat Pay signature probes before looking at anything else', async () => {
    const probe = signed('{}', { signature: 'WECHATPAY/SIGNTEST/ZmFrZQ==' });
    await expect(verify(probe)).rejects.toThrow(/probe/);
  });

  it('rejects missing headers and other signature types', async () => {
    const message = signed('{}');
    const { 'wechatpay-signature': _dropped, ...rest } = message.headers;
    await expect(verify({ ...message, headers: rest } as never)).rejects.toThrow(
      /missing Wechatpay-Signature/,
    );
    const typed = {
      ...message,
      headers: { ...message.headers, 'Wechatpay-Signature-Type': 'WECHATPAY2-SM2' },
    };
    await expect(verify(typed)).rejects.toThrow(/unsupported signature type/);
  });
});

describe('verifyNotificationWith + decryptNotificationWith', () => {
  const resource = { out_trade_no: 'T1', trade_state: 'SUCCESS', amount: { total: 1 } };
  const body = JSON.stringify({
    id: 'EV-1',
    create_time: '2026-01-02T11:04:05+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: {
      original_type: 'transaction',
      algorithm: 'AEAD_AES_256_GCM',
      nonce: 'abcdefghijkl',
      associated_data: 'transaction',
      ciphertext: encryptAes256Gcm({
        key: APIV3_KEY,
        nonce: 'abcdefghijkl',
        associatedData: 'transaction',
        plaintext: JSON.stringify(resource),
      }),
    },
  });

  it('verifies, then decrypts the resource of a signed notification', async () => {
    const envelope = await verifyNotificationWith(verify, signed(body));
    const notification = decryptNotificationWith(APIV3_KEY, envelope);
    expect(notification.event_type).toBe('TRANSACTION.SUCCESS');
    expect(notification.resource).toEqual(resource);
  });

  it('never parses a notification whose signature fails', async () => {
    await expect(verifyNotificationWith(verify, signed(body, { key: other.privateKey }))).rejects.toEqual(
      rejected,
    );
  });

  it('rejects a verified body that is not a notification', async () => {
    await expect(verifyNotificationWith(verify, signed('{"id":"x"}'))).rejects.toThrow(/lacks/);
  });
});
