import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPayFixture, type PayFixture } from '../../test/fixtures/v3/start-pay-fixture.js';
import type { PayClient } from './create-pay-client.js';

const tradeNo = () => `T${randomBytes(8).toString('hex')}`;
const badSignature = expect.objectContaining({ code: 'WEGATE_BAD_SIGNATURE' });

let fx: PayFixture;
let client: PayClient;

beforeAll(async () => {
  fx = await startPayFixture();
  client = fx.client();
});
afterAll(() => fx.close());

/** The first received notification of `eventType` whose resource has `field` = `value` (verified and decrypted). */
async function notified(eventType: string, field: string, value: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const message of fx.received) {
      const opened = await client.openNotification(message).catch(() => undefined);
      const resource = opened?.resource as Record<string, unknown> | undefined;
      if (opened?.event_type === eventType && resource?.[field] === value) return opened;
    }
    if (Date.now() > deadline) throw new Error(`no ${eventType} for ${value}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function order(outTradeNo: string, total = 100) {
  return {
    description: 'Wegate T-shirt',
    out_trade_no: outTradeNo,
    notify_url: fx.notifyUrl,
    amount: { total, currency: 'CNY' },
    payer: { openid: 'o-payer-1' },
  };
}

async function paidOrder(total = 100) {
  const outTradeNo = tradeNo();
  const { requestPayment } = await client.transactions.jsapi(order(outTradeNo, total));
  const paid = await fx.control('POST', '/request-payment', { ...requestPayment, action: 'pay' });
  expect(paid.json).toMatchObject({ ok: true, trade_state: 'SUCCESS' });
  return outTradeNo;
}

describe('createPayClient against the emulator (platform certificate mode)', () => {
  it('prepays, passes the WeChat client paySign check, is paid, notified and queried as SUCCESS', async () => {
    const outTradeNo = tradeNo();
    const result = await client.transactions.jsapi(order(outTradeNo, 1999));
    expect(result.prepay_id).toMatch(/^wx\d{14}/);
    expect(result.requestPayment).toMatchObject({
      appId: fx.appid,
      package: `prepay_id=${result.prepay_id}`,
      signType: 'RSA',
    });

    const check = await fx.control('POST', '/request-payment', result.requestPayment);
    expect(check).toMatchObject({
      status: 200,
      json: { ok: true, errMsg: 'requestPayment:ok', trade_state: 'NOTPAY' },
    });
    const confirm = await fx.control('POST', '/confirm', {
      prepay_id: result.prepay_id,
      action: 'pay',
      openid: 'o-payer-1',
    });
    expect(confirm.json).toMatchObject({ ok: true, trade_state: 'SUCCESS' });

    const notification = await notified('TRANSACTION.SUCCESS', 'out_trade_no', outTradeNo);
    expect(notification.resource).toMatchObject({
      out_trade_no: outTradeNo,
      trade_state: 'SUCCESS',
      amount: { total: 1999, payer_total: 1999 },
    });

    const queried = await client.transactions.queryByOutTradeNo(outTradeNo);
    expect(queried).toMatchObject({
      trade_state: 'SUCCESS',
      amount: { total: 1999 },
      payer: { openid: 'o-payer-1' },
    });
    const byId = await client.transactions.queryById(queried.transaction_id!);
    expect(byId.out_trade_no).toBe(outTradeNo);
  });

  it('rejects a delivered notification whose body was altered in transit', async () => {
    await paidOrder(321);
    const [message] = await fx.waitForNotifications(1);
    const { rawBody } = message!;
    const altered = rawBody.replace('"TRANSACTION.SUCCESS"', '"REFUND.SUCCESS"');
    expect(altered).not.toBe(rawBody);
    await expect(client.openNotification({ ...message!, rawBody: altered })).rejects.toEqual(badSignature);
  });

  it('has its paySign refused by the WeChat client when tampered with or built for another appid', async () => {
    const { requestPayment } = await client.transactions.jsapi(order(tradeNo()));
    const forged = { ...requestPayment, nonceStr: `${requestPayment.nonceStr}x` };
    expect(await fx.control('POST', '/request-payment', forged)).toMatchObject({
      status: 400,
      json: { errMsg: 'requestPayment:fail 支付验证签名失败' },
    });
    const otherApp = { ...requestPayment, appId: 'wxffffffffffffffff' };
    expect((await fx.control('POST', '/request-payment', otherApp)).status).toBe(400);
    expect(await fx.control('POST', '/confirm', { action: 'pay', requestPayment: forged })).toMatchObject({
      status: 400,
    });
  });

  it('refuses non-integer or non-positive amounts before anything is sent', async () => {
    const outTradeNo = tradeNo();
    await expect(client.transactions.jsapi(order(outTradeNo, 0.5))).rejects.toThrow(/integer amount in fen/);
    await expect(client.transactions.jsapi(order(outTradeNo, 0))).rejects.toThrow(/integer amount in fen/);
    await expect(client.transactions.queryByOutTradeNo(outTradeNo)).rejects.toMatchObject({
      status: 404,
      payCode: 'ORDER_NOT_EXIST',
    });
  });

  it('never retries payment creation after a 5xx, but retries a query', async () => {
    const outTradeNo = tradeNo();
    await fx.control('POST', '/faults', { kind: 'http-error', target: 'response', status: 500 });
    await expect(client.transactions.jsapi(order(outTradeNo))).rejects.toMatchObject({
      status: 500,
      payCode: 'SYSTEM_ERROR',
    });
    // Had the client retried, the second attempt would have created the order.
    await expect(client.transactions.queryByOutTradeNo(outTradeNo)).rejects.toMatchObject({ status: 404 });
    await client.transactions.jsapi(order(outTradeNo));
    await fx.control('POST', '/faults', { kind: 'http-error', target: 'response', status: 503, count: 2 });
    expect((await client.transactions.queryByOutTradeNo(outTradeNo)).trade_state).toBe('NOTPAY');
    expect((await fx.control('GET', '/faults')).json['faults']).toEqual([]);
  });

  it('lets the caller retry a prepay safely: the same out_trade_no gives the same prepay_id', async () => {
    // WeChat Pay allows | and * in out_trade_no; they must survive signing, encoding and routing.
    const outTradeNo = `T|${randomBytes(4).toString('hex')}*1`;
    const first = await client.transactions.jsapi(order(outTradeNo));
    const second = await client.transactions.jsapi(order(outTradeNo));
    expect(second.prepay_id).toBe(first.prepay_id);
    expect((await client.transactions.queryByOutTradeNo(outTradeNo)).out_trade_no).toBe(outTradeNo);
  });

  it('reports WeChat Pay errors with their status, code and message', async () => {
    await expect(client.transactions.queryById('4200000000000000000000000000')).rejects.toMatchObject({
      code: 'WEGATE_PAY_API_ERROR',
      status: 404,
      payCode: 'ORDER_NOT_EXIST',
      payMessage: '订单不存在',
    });
  });

  it('has its requests refused when signed with another key', async () => {
    const stranger = fx.client({
      privateKey: (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey,
    });
    await expect(stranger.transactions.queryByOutTradeNo(tradeNo())).rejects.toMatchObject({
      status: 401,
      payCode: 'SIGN_ERROR',
    });
  });

  it('closes an unpaid order, which then can neither be paid nor placed again', async () => {
    const outTradeNo = tradeNo();
    const { prepay_id } = await client.transactions.jsapi(order(outTradeNo));
    await expect(client.transactions.close(outTradeNo)).resolves.toBeUndefined();
    expect((await client.transactions.queryByOutTradeNo(outTradeNo)).trade_state).toBe('CLOSED');
    expect((await fx.control('POST', '/confirm', { prepay_id, action: 'pay' })).status).toBe(409);
    await expect(client.transactions.jsapi(order(outTradeNo))).rejects.toMatchObject({
      status: 403,
      payCode: 'ORDER_CLOSED',
    });
  });

  it('refuses to close a paid order', async () => {
    const outTradeNo = await paidOrder();
    await expect(client.transactions.close(outTradeNo)).rejects.toMatchObject({
      status: 400,
      payCode: 'ORDERPAID',
    });
  });

  it('refunds: PROCESSING, then REFUND.SUCCESS notified on the same URL, query SUCCESS, order REFUND', async () => {
    const outTradeNo = await paidOrder(500);
    const refund = await client.refunds.create({
      out_trade_no: outTradeNo,
      out_refund_no: `R${outTradeNo}`,
      amount: { refund: 200, total: 500, currency: 'CNY' },
    });
    expect(refund).toMatchObject({ status: 'PROCESSING', amount: { refund: 200, total: 500 } });
    const notification = await notified('REFUND.SUCCESS', 'out_refund_no', `R${outTradeNo}`);
    expect(notification.resource).toMatchObject({
      out_refund_no: `R${outTradeNo}`,
      refund_status: 'SUCCESS',
      amount: { refund: 200, total: 500 },
    });
    expect((await client.refunds.query(`R${outTradeNo}`)).status).toBe('SUCCESS');
    expect((await client.transactions.queryByOutTradeNo(outTradeNo)).trade_state).toBe('REFUND');
    const overdraw = {
      out_trade_no: outTradeNo,
      out_refund_no: `R2${outTradeNo}`,
      amount: { refund: 301, total: 500, currency: 'CNY' },
    };
    await expect(client.refunds.create(overdraw)).rejects.toMatchObject({
      status: 400,
      payCode: 'INVALID_REQUEST',
    });
  });
});
