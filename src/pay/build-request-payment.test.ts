import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyRsaSha256 } from '../kernel/crypto/index.js';
import { buildRequestPayment } from './build-request-payment.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('buildRequestPayment', () => {
  it('signs appId, timeStamp, nonceStr and package, each line ending in \\n, with the merchant key', () => {
    const params = buildRequestPayment({
      appId: 'wx8888888888888888',
      prepayId: 'wx201410272009395522657a690389285100',
      privateKey: keys.privateKey,
      timeStamp: '1414561699',
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
    });
    expect(params).toMatchObject({
      appId: 'wx8888888888888888',
      timeStamp: '1414561699',
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
    });
    const message =
      'wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n';
    expect(verifyRsaSha256(message, params.paySign, keys.publicKey)).toBe(true);
    expect(verifyRsaSha256(message.slice(0, -1), params.paySign, keys.publicKey)).toBe(false);
  });

  it('fills in a current timestamp and a 32-character nonce', () => {
    const params = buildRequestPayment({ appId: 'wx1', prepayId: 'p', privateKey: keys.privateKey });
    expect(Math.abs(Number(params.timeStamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(params.nonceStr).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});
