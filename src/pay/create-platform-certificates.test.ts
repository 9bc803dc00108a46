import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache, createMemoryLock } from '../adapters/memory/index.js';
import { startPayFixture, type PayFixture } from '../../test/fixtures/v3/start-pay-fixture.js';

const badSignature = expect.objectContaining({ code: 'WEGATE_BAD_SIGNATURE' });
const missing = () => `M${randomBytes(8).toString('hex')}`;

describe('platform certificate mode', () => {
  let fx: PayFixture;
  beforeAll(async () => {
    fx = await startPayFixture({ verifyMode: 'certificate' });
  });
  afterAll(() => fx.close());

  it('downloads /v3/certificates once, shares it through the cache and picks up a rotated certificate', async () => {
    const cache = createMemoryCache();
    const lock = createMemoryLock();
    const first = fx.client({}, { cache, lock });
    const second = fx.client({}, { cache, lock });
    const start = fx.certificateDownloads();

    await expect(first.transactions.queryByOutTradeNo(missing())).rejects.toMatchObject({ status: 404 });
    // Error answers are not verified, so this first call downloads nothing; a 2xx answer does.
    const keys = await fx.control('GET', '/keys');
    const serial = (keys.json['certificates'] as Array<{ serial: string }>)[0]!.serial;
    await first.certificates.get(serial);
    expect(fx.certificateDownloads()).toBe(start + 1);
    expect((await second.certificates.get(serial))?.serial).toBe(serial);
    expect(fx.certificateDownloads()).toBe(start + 1);

    const rotated = await fx.control('POST', '/certificates/rotate', {});
    const newSerial = rotated.json['serial'] as string;
    expect(newSerial).not.toBe(serial);
    const listed = await first.request<{ data: Array<{ serial_no: string }> }>({
      method: 'GET',
      path: '/v3/certificates',
    });
    expect(listed.data.map((d) => d.serial_no)).toEqual([newSerial, serial]);
    expect((await second.certificates.get(newSerial))?.serial).toBe(newSerial);
    expect(fx.certificateDownloads()).toBe(start + 3);
  });

  it('downloads once for many concurrent verifications of an unknown serial', async () => {
    const client = fx.client();
    const start = fx.certificateDownloads();
    const serial = ((await fx.control('GET', '/keys')).json['certificates'] as Array<{ serial: string }>)[0]!
      .serial;
    const found = await Promise.all(Array.from({ length: 8 }, () => client.certificates.get(serial)));
    expect(found.every((cert) => cert?.serial === serial)).toBe(true);
    expect(fx.certificateDownloads()).toBe(start + 1);
  });

  it('does not download again for a forged serial within the refresh interval', async () => {
    const client = fx.client({ certRefreshIntervalMs: 60_000 });
    const start = fx.certificateDownloads();
    await client.certificates.refresh();
    expect(await client.certificates.get('0123456789ABCDEF')).toBeUndefined();
    expect(await client.certificates.get('FEDCBA9876543210')).toBeUndefined();
    expect(fx.certificateDownloads()).toBe(start + 1);
  });

  it('rejects answers with a forged signature or a WECHATPAY/SIGNTEST/ probe', async () => {
    const client = fx.client();
    const outTradeNo = missing();
    await client.transactions.jsapi({
      description: 'x',
      out_trade_no: outTradeNo,
      notify_url: fx.notifyUrl,
      amount: { total: 1 },
      payer: { openid: 'o1' },
    });
    await fx.control('POST', '/faults', { kind: 'bad-signature', target: 'response' });
    await expect(client.transactions.queryByOutTradeNo(outTradeNo)).rejects.toEqual(badSignature);
    await fx.control('POST', '/faults', { kind: 'probe', target: 'response' });
    await expect(client.transactions.queryByOutTradeNo(outTradeNo)).rejects.toThrow(/probe/);
    await expect(client.transactions.queryByOutTradeNo(outTradeNo)).resolves.toMatchObject({
      trade_state: 'NOTPAY',
    });
  });

  it('rejects answers whose timestamp is outside the skew window', async () => {
    // 120 s ahead: inside WeChat Pay's own window for our request, outside our 60 s window for its answer.
    const ahead = fx.client({ skewS: 60 }, { clock: { now: () => Date.now() + 120_000 } });
    await expect(ahead.certificates.refresh()).rejects.toThrow(/clock skew/);
  });
});

describe('WeChat Pay public key mode', () => {
  let fx: PayFixture;
  beforeAll(async () => {
    fx = await startPayFixture({ verifyMode: 'public-key' });
  });
  afterAll(() => fx.close());

  it('verifies PUB_KEY_ID_ answers with the configured public key and never downloads certificates', async () => {
    const keys = (await fx.control('GET', '/keys')).json as { publicKeyId: string; publicKeyPem: string };
    expect(keys.publicKeyId).toMatch(/^PUB_KEY_ID_/);
    const client = fx.client({ publicKey: keys.publicKeyPem, publicKeyId: keys.publicKeyId });
    const start = fx.certificateDownloads();
    const outTradeNo = missing();
    const order = {
      description: 'x',
      out_trade_no: outTradeNo,
      notify_url: fx.notifyUrl,
      amount: { total: 3 },
      payer: { openid: 'o1' },
    };
    const { requestPayment } = await client.transactions.jsapi(order);
    await fx.control('POST', '/request-payment', { ...requestPayment, action: 'pay' });
    expect((await client.transactions.queryByOutTradeNo(outTradeNo)).trade_state).toBe('SUCCESS');
    expect(fx.certificateDownloads()).toBe(start);
    const [message] = await fx.waitForNotifications(1);
    expect(message!.headers['wechatpay-serial']).toBe(keys.publicKeyId);
    expect((await client.openNotification(message!)).resource).toMatchObject({ out_trade_no: outTradeNo });
  });

  it('rejects PUB_KEY_ID_ answers when no or another public key is configured', async () => {
    const keys = (await fx.control('GET', '/keys')).json as { publicKeyId: string; publicKeyPem: string };
    const unconfigured = fx.client();
    await expect(unconfigured.transactions.queryByOutTradeNo(missing())).rejects.toMatchObject({
      status: 404,
    });
    const [message] = await fx.waitForNotifications(1);
    await expect(unconfigured.verifyNotification(message!)).rejects.toThrow(/unknown Wechatpay-Serial/);
    const wrongId = fx.client({ publicKey: keys.publicKeyPem, publicKeyId: 'PUB_KEY_ID_OTHER' });
    await expect(wrongId.verifyNotification(message!)).rejects.toEqual(badSignature);
  });
});
