import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPaySignMessage, randomNonce, signRsaSha256 } from '../../kernel/crypto/index.js';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const MCHID = '1230000109';
const SERIAL = '3775B6A45ACD588826D15E583A95F5DD2C4A4F2B';
let h: EmulatorHarness;

function fixture(path: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL(`../../../test/fixtures/v3/${path}`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
}

/** Every key path of a JSON value (`amount.total`), sorted. */
function shape(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value)
    .flatMap(([key, inner]) => shape(inner, prefix ? `${prefix}.${key}` : key))
    .sort();
}

async function call(method: 'GET' | 'POST', url: string, body = '') {
  const timestamp = String(Math.floor(h.world.now() / 1000));
  const nonce = randomNonce(16);
  const signature = signRsaSha256(
    buildPaySignMessage([method, url, timestamp, nonce, body]),
    keys.privateKey,
  );
  const authorization = `WECHATPAY2-SHA256-RSA2048 mchid="${MCHID}",nonce_str="${nonce}",timestamp="${timestamp}",serial_no="${SERIAL}",signature="${signature}"`;
  const res = await h.app.inject({ method, url, payload: body || undefined, headers: { authorization } });
  return JSON.parse(res.body || '{}') as Record<string, unknown>;
}

beforeAll(async () => {
  h = createEmulatorHarness();
  const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  await h.control('POST', '/pay/merchants', {
    mchid: MCHID,
    apiv3Key: 'x'.repeat(32),
    publicKeyPem,
    certSerial: SERIAL,
  });
  const order = {
    appid: 'wxd678efh567hg6787',
    mchid: MCHID,
    description: 'd',
    out_trade_no: 'SHAPE-001',
    attach: 'a',
    notify_url: 'http://127.0.0.1:9/notify',
    amount: { total: 100, currency: 'CNY' },
    payer: { openid: 'o1' },
  };
  const { prepay_id } = await call('POST', '/v3/pay/transactions/jsapi', JSON.stringify(order));
  await h.control('POST', '/pay/confirm', { prepay_id, action: 'pay' });
});
afterAll(() => h.close());

describe('emulated WeChat Pay answers have the documented shapes', () => {
  it('query by out_trade_no of a paid order', async () => {
    const answer = await call('GET', `/v3/pay/transactions/out-trade-no/SHAPE-001?mchid=${MCHID}`);
    expect(shape(answer)).toEqual(shape(fixture('pay/transactions/out-trade-no.json')['response']));
  });

  it('the control view of an order is what the query API answers; 404 for an unknown one', async () => {
    const api = await call('GET', `/v3/pay/transactions/out-trade-no/SHAPE-001?mchid=${MCHID}`);
    const view = await h.control('GET', `/pay/transactions/SHAPE-001?mchid=${MCHID}`);
    expect(view.json).toEqual(api);
    expect((view.json as Record<string, unknown>)['trade_state']).toBe('SUCCESS');
    expect((await h.control('GET', '/pay/transactions/NO-SUCH-ORDER')).status).toBe(404);
  });

  it('a settled refund', async () => {
    const request = {
      out_trade_no: 'SHAPE-001',
      out_refund_no: 'SHAPE-R1',
      amount: { refund: 100, total: 100, currency: 'CNY' },
    };
    await call('POST', '/v3/refund/domestic/refunds', JSON.stringify(request));
    await h.control('POST', '/pay/refunds/settle', {
      mchid: MCHID,
      out_refund_no: 'SHAPE-R1',
      status: 'SUCCESS',
    });
    const answer = await call('GET', '/v3/refund/domestic/refunds/SHAPE-R1');
    expect(answer['status']).toBe('SUCCESS');
    expect(shape(answer)).toEqual(shape(fixture('refund/domestic/refunds.json')['response']));
  });

  it('the TRANSACTION.SUCCESS notification envelope', async () => {
    const { notifications } = (await h.control('GET', '/pay/notifications')).json as {
      notifications: Array<{ event_type: string; body: string }>;
    };
    const sent = notifications.find((n) => n.event_type === 'TRANSACTION.SUCCESS')!;
    expect(shape(JSON.parse(sent.body))).toEqual(shape(fixture('notify-transaction.json')['body']));
  });
});
