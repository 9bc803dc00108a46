import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPaySignMessage,
  decryptAes256Gcm,
  randomNonce,
  signRsaSha256,
  verifyRsaSha256,
} from '../../kernel/crypto/index.js';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';

const merchantKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const MCHID = '1900000109';
const APIV3 = 'A'.repeat(32);
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';

let h: EmulatorHarness;

interface CallOptions {
  body?: string;
  timestamp?: number;
  serial?: string;
  key?: typeof merchantKeys.privateKey;
  /** Sent instead of `body` (which is what gets signed). */
  sentBody?: string;
}

async function call(method: 'GET' | 'POST', url: string, o: CallOptions = {}) {
  const body = o.body ?? '';
  const timestamp = String(o.timestamp ?? Math.floor(h.world.now() / 1000));
  const nonce = randomNonce(16);
  const signature = signRsaSha256(
    buildPaySignMessage([method, url, timestamp, nonce, body]),
    o.key ?? merchantKeys.privateKey,
  );
  const authorization = `WECHATPAY2-SHA256-RSA2048 signature="${signature}",serial_no="${o.serial ?? SERIAL}",timestamp="${timestamp}",nonce_str="${nonce}",mchid="${MCHID}"`;
  const res = await h.app.inject({
    method,
    url,
    payload: (o.sentBody ?? body) || undefined,
    headers: { authorization, 'content-type': 'application/json' },
  });
  return {
    status: res.statusCode,
    text: res.body,
    headers: res.headers,
    json: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {},
  };
}

beforeAll(async () => {
  h = createEmulatorHarness();
  const publicKeyPem = merchantKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const seeded = await h.control('POST', '/pay/merchants', {
    mchid: MCHID,
    apiv3Key: APIV3,
    publicKeyPem,
    certSerial: SERIAL,
  });
  expect(seeded.status).toBe(200);
});
afterAll(() => h.close());

describe('emulated /v3/certificates', () => {
  it('lists the platform certificate encrypted with the APIv3 key, and signs the answer with it', async () => {
    const res = await call('GET', '/v3/certificates');
    expect(res.status).toBe(200);
    const [entry] = res.json['data'] as Array<{
      serial_no: string;
      encrypt_certificate: Record<string, string>;
    }>;
    const enc = entry!.encrypt_certificate;
    expect(enc['algorithm']).toBe('AEAD_AES_256_GCM');
    expect(enc['associated_data']).toBe('certificate');
    const pem = decryptAes256Gcm({
      key: APIV3,
      nonce: enc['nonce']!,
      associatedData: 'certificate',
      ciphertext: enc['ciphertext']!,
    });
    const cert = new X509Certificate(pem);
    expect(cert.serialNumber.toUpperCase()).toBe(entry!.serial_no);
    expect(res.headers['wechatpay-serial']).toBe(entry!.serial_no);
    const message = buildPaySignMessage([
      String(res.headers['wechatpay-timestamp']),
      String(res.headers['wechatpay-nonce']),
      res.text,
    ]);
    expect(verifyRsaSha256(message, String(res.headers['wechatpay-signature']), cert.publicKey)).toBe(true);
  });
});

describe('emulated merchant authentication', () => {
  it('answers 401 SIGN_ERROR without Authorization, with another key, a wrong serial or a stale timestamp', async () => {
    const bare = await h.app.inject({ method: 'GET', url: '/v3/certificates' });
    expect(bare.statusCode).toBe(401);
    expect(JSON.parse(bare.body)).toMatchObject({ code: 'SIGN_ERROR' });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect((await call('GET', '/v3/certificates', { key: other })).json).toMatchObject({
      code: 'SIGN_ERROR',
    });
    expect((await call('GET', '/v3/certificates', { serial: 'ABCDEF' })).status).toBe(401);
    const stale = Math.floor(h.world.now() / 1000) - 301;
    expect((await call('GET', '/v3/certificates', { timestamp: stale })).status).toBe(401);
  });

  it('signs the body bytes: a body changed after signing is refused', async () => {
    const body = JSON.stringify({ mchid: MCHID });
    const url = '/v3/pay/transactions/out-trade-no/NOPE123/close';
    expect((await call('POST', url, { body })).status).toBe(404);
    const respaced = JSON.stringify({ mchid: MCHID }, null, 1);
    expect((await call('POST', url, { body, sentBody: respaced })).json).toMatchObject({
      code: 'SIGN_ERROR',
    });
  });
});

const order = (no: string, total: unknown = 100) =>
  JSON.stringify({
    appid: 'wxabc',
    mchid: MCHID,
    description: 'd',
    out_trade_no: no,
    notify_url: 'http://127.0.0.1:9/n',
    amount: { total },
    payer: { openid: 'o1' },
  });

describe('emulated transactions', () => {
  it('validates orders: amounts in integer fen, mchid of the caller', async () => {
    expect(
      (await call('POST', '/v3/pay/transactions/jsapi', { body: order('ORDER-A1', 1.5) })).json,
    ).toMatchObject({ code: 'PARAM_ERROR' });
    expect((await call('POST', '/v3/pay/transactions/jsapi', { body: order('ORDER-A1', 0) })).status).toBe(
      400,
    );
    const otherMch = order('ORDER-A1').replace(MCHID, '1234567890');
    expect((await call('POST', '/v3/pay/transactions/jsapi', { body: otherMch })).json).toMatchObject({
      code: 'PARAM_ERROR',
    });
    expect((await call('POST', '/v3/pay/transactions/jsapi', { body: '{not json' })).status).toBe(400);
  });

  it('returns the same prepay_id for a repeated order and refuses a reused out_trade_no', async () => {
    const first = await call('POST', '/v3/pay/transactions/jsapi', { body: order('ORDER-B1') });
    const again = await call('POST', '/v3/pay/transactions/jsapi', { body: order('ORDER-B1') });
    expect(again.json['prepay_id']).toBe(first.json['prepay_id']);
    const reused = await call('POST', '/v3/pay/transactions/jsapi', { body: order('ORDER-B1', 200) });
    expect(reused).toMatchObject({ status: 400, json: { code: 'INVALID_REQUEST' } });
  });

  it('moves NOTPAY → NOTPAY on cancel, → PAYERROR on failure, and only NOTPAY orders are payable', async () => {
    const prepay = (await call('POST', '/v3/pay/transactions/jsapi', { body: order('ORDER-C1') })).json[
      'prepay_id'
    ];
    expect(
      (await h.control('POST', '/pay/confirm', { prepay_id: prepay, action: 'cancel' })).json,
    ).toMatchObject({ trade_state: 'NOTPAY' });
    expect(
      (await h.control('POST', '/pay/confirm', { prepay_id: prepay, action: 'pay', openid: 'o2' })).status,
    ).toBe(400);
    expect(
      (await h.control('POST', '/pay/confirm', { prepay_id: prepay, action: 'fail' })).json,
    ).toMatchObject({ trade_state: 'PAYERROR' });
    expect((await h.control('POST', '/pay/confirm', { prepay_id: prepay, action: 'pay' })).status).toBe(409);
    const queried = await call('GET', `/v3/pay/transactions/out-trade-no/ORDER-C1?mchid=${MCHID}`);
    expect(queried.json).toMatchObject({ trade_state: 'PAYERROR', trade_state_desc: '支付失败' });
    expect(queried.json['transaction_id']).toBeUndefined();
  });

  it('verifies a paySign made with the merchant key like the WeChat client', async () => {
    const prepay = String(
      (await call('POST', '/v3/pay/transactions/jsapi', { body: order('ORDER-D1') })).json['prepay_id'],
    );
    const params = {
      appId: 'wxabc',
      timeStamp: '1700000000',
      nonceStr: 'n1',
      package: `prepay_id=${prepay}`,
      signType: 'RSA',
    };
    const paySign = signRsaSha256(
      buildPaySignMessage([params.appId, params.timeStamp, params.nonceStr, params.package]),
      merchantKeys.privateKey,
    );
    expect((await h.control('POST', '/pay/request-payment', { ...params, paySign })).json).toMatchObject({
      ok: true,
    });
    const wrong = signRsaSha256('other', merchantKeys.privateKey);
    expect((await h.control('POST', '/pay/request-payment', { ...params, paySign: wrong })).status).toBe(400);
  });

  it('forgets orders on world reset but keeps the merchant', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', { body: order('ORDER-E1') });
    await h.control('POST', '/reset');
    expect(
      (await call('GET', `/v3/pay/transactions/out-trade-no/ORDER-E1?mchid=${MCHID}`)).json,
    ).toMatchObject({ code: 'ORDER_NOT_EXIST' });
  });
});

describe('public key mode answers', () => {
  it('are signed with the WeChat Pay public key under its PUB_KEY_ID_ serial', async () => {
    const publicKeyPem = merchantKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const keys = await h.control('POST', '/pay/merchants', {
      mchid: MCHID,
      apiv3Key: APIV3,
      publicKeyPem,
      certSerial: SERIAL,
      verifyMode: 'public-key',
    });
    const platform = keys.json['platform'] as { publicKeyId: string; publicKeyPem: string };
    const res = await call('GET', '/v3/certificates');
    expect(res.headers['wechatpay-serial']).toBe(platform.publicKeyId);
    const message = buildPaySignMessage([
      String(res.headers['wechatpay-timestamp']),
      String(res.headers['wechatpay-nonce']),
      res.text,
    ]);
    expect(
      verifyRsaSha256(
        message,
        String(res.headers['wechatpay-signature']),
        createPublicKey(platform.publicKeyPem),
      ),
    ).toBe(true);
  });
});
