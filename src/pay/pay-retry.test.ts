import { generateKeyPairSync } from 'node:crypto';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPaySignMessage, signRsaSha256 } from '../kernel/crypto/index.js';
import { backoffDelay, DEFAULT_RETRY } from '../kernel/http/index.js';
import { createPayClient, type PayClient } from './create-pay-client.js';

const BASE = 'https://api.mch.weixin.qq.com';
const PUBLIC_KEY_ID = 'PUB_KEY_ID_0114000000000000000000000000';
const NOW = Date.parse('2026-01-02T03:04:05Z');
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const JITTER = 0.25;

/** Headers WeChat Pay signs its answers with (public-key mode). */
function signedHeaders(body: string) {
  const timestamp = String(NOW / 1000);
  const nonce = 'n0nce';
  return {
    'content-type': 'application/json',
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonce,
    'wechatpay-serial': PUBLIC_KEY_ID,
    'wechatpay-signature': signRsaSha256(buildPaySignMessage([timestamp, nonce, body]), platform.privateKey),
  };
}

const failure = (code: string) => JSON.stringify({ code, message: code.toLowerCase() });

let agent: MockAgent;
let sleeps: number[];
let client: PayClient;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  sleeps = [];
  client = createPayClient(
    {
      mchid: '1900000109',
      privateKey: merchant.privateKey,
      certSerial: 'MERCHANT-SERIAL',
      apiv3Key: 'k'.repeat(32),
      publicKey: platform.publicKey,
      publicKeyId: PUBLIC_KEY_ID,
      appid: 'wx-test-app',
      baseUrl: BASE,
    },
    {
      dispatcher: agent,
      clock: { now: () => NOW },
      sleep: async (ms) => void sleeps.push(ms),
      random: () => JITTER,
    },
  );
});
afterEach(() => agent.close());

const pool = () => agent.get(BASE);
const sharedBackoff = (retries: number) =>
  Array.from({ length: retries }, (_, i) => backoffDelay(i + 1, DEFAULT_RETRY, () => JITTER));

describe('Pay retries with the shared withRetry', () => {
  it('retries an order query after a 503 and a network error, with the shared backoff, and returns the answer', async () => {
    const path = '/v3/pay/transactions/out-trade-no/T1?mchid=1900000109';
    const answer = JSON.stringify({ out_trade_no: 'T1', trade_state: 'NOTPAY' });
    pool().intercept({ path, method: 'GET' }).reply(503, failure('SYSTEM_ERROR'));
    pool().intercept({ path, method: 'GET' }).replyWithError(new Error('socket hang up'));
    pool()
      .intercept({ path, method: 'GET' })
      .reply(200, answer, { headers: signedHeaders(answer) });

    const order = await client.transactions.queryByOutTradeNo('T1');

    expect(order).toMatchObject({ out_trade_no: 'T1', trade_state: 'NOTPAY' });
    expect(sleeps).toEqual(sharedBackoff(2));
    expect(sleeps).toEqual([125, 250]);
    agent.assertNoPendingInterceptors();
  });

  it('gives up on a query after three 5xx answers and surfaces the last PayApiError', async () => {
    const path = '/v3/refund/domestic/refunds/R1';
    pool().intercept({ path, method: 'GET' }).reply(500, failure('SYSTEM_ERROR')).times(2);
    pool().intercept({ path, method: 'GET' }).reply(502, 'bad gateway');

    await expect(client.refunds.query('R1')).rejects.toMatchObject({ status: 502, payCode: 'HTTP_502' });
    expect(sleeps).toEqual(sharedBackoff(2));
    agent.assertNoPendingInterceptors();
  });

  it('retries a 429 on a query but not a 4xx that will not change', async () => {
    const path = '/v3/pay/transactions/id/4200000001?mchid=1900000109';
    pool().intercept({ path, method: 'GET' }).reply(429, failure('FREQUENCY_LIMITED'));
    pool().intercept({ path, method: 'GET' }).reply(404, failure('ORDER_NOT_EXIST'));

    await expect(client.transactions.queryById('4200000001')).rejects.toMatchObject({
      status: 404,
      payCode: 'ORDER_NOT_EXIST',
    });
    expect(sleeps).toEqual(sharedBackoff(1));
    agent.assertNoPendingInterceptors();
  });

  it('never retries a prepay after a 5xx or a network error', async () => {
    const path = '/v3/pay/transactions/jsapi';
    const prepay = {
      description: 'T-shirt',
      out_trade_no: 'T2',
      notify_url: 'https://shop.example.com/pay/notify',
      amount: { total: 100, currency: 'CNY' as const },
      payer: { openid: 'o-payer-1' },
    };
    pool().intercept({ path, method: 'POST' }).reply(500, failure('SYSTEM_ERROR'));
    pool().intercept({ path, method: 'POST' }).replyWithError(new Error('socket hang up'));

    await expect(client.transactions.jsapi(prepay)).rejects.toMatchObject({ status: 500 });
    await expect(client.transactions.jsapi(prepay)).rejects.toMatchObject({ code: 'WEGATE_HTTP_ERROR' });
    expect(sleeps).toEqual([]);
    agent.assertNoPendingInterceptors();
  });

  it('never retries a refund creation after a 5xx or a network error', async () => {
    const path = '/v3/refund/domestic/refunds';
    const refund = {
      out_trade_no: 'T3',
      out_refund_no: 'R3',
      amount: { refund: 1, total: 1, currency: 'CNY' },
    };
    pool().intercept({ path, method: 'POST' }).reply(503, failure('SYSTEM_ERROR'));
    pool().intercept({ path, method: 'POST' }).replyWithError(new Error('connection reset'));

    await expect(client.refunds.create(refund)).rejects.toMatchObject({ status: 503 });
    await expect(client.refunds.create(refund)).rejects.toMatchObject({ code: 'WEGATE_HTTP_ERROR' });
    expect(sleeps).toEqual([]);
    agent.assertNoPendingInterceptors();
  });
});
