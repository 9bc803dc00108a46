import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite/store.js';
import type { Store } from '../../src/kernel/ports/index.js';
import { startPayFixture, type PayFixture } from '../fixtures/v3/start-pay-fixture.js';
import {
  craftNotification,
  eventually,
  postNotify,
  startPayServer,
  tableCounts,
  type PayServer,
} from '../helpers/pay-server.js';

let fixture: PayFixture;
let store: Store;
let server: PayServer;

beforeEach(async () => {
  fixture = await startPayFixture();
  store = createSqliteStore({ file: ':memory:' });
  await store.migrate();
  // Notifications of real payments go to the fixture's sink; the tests decide what reaches our server.
  server = await startPayServer({ store, fixture, notifyUrl: fixture.notifyUrl });
  await server.orders.createJsapiOrder({
    outTradeNo: 'T-REJECT',
    openid: 'o-1',
    amount: 500,
    description: 'Mug',
  });
});
afterEach(async () => {
  await server.close();
  await fixture.close();
  await store.close();
});

function paidResource(overrides: Record<string, unknown> = {}) {
  return {
    appid: fixture.appid,
    mchid: fixture.mchid,
    out_trade_no: 'T-REJECT',
    transaction_id: '4200000000000000001',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    payer: { openid: 'o-1' },
    amount: { total: 500, payer_total: 500, currency: 'CNY', payer_currency: 'CNY' },
    ...overrides,
  };
}

const paid = (overrides: Record<string, unknown> = {}) => ({
  event_type: 'TRANSACTION.SUCCESS',
  original_type: 'transaction' as const,
  resource: paidResource(overrides),
});

async function expectNothingStored() {
  const counts = await tableCounts(store);
  expect(counts.notifications).toBe(0);
  expect(counts.jobs).toEqual([]);
  expect((await server.orders.get('T-REJECT'))?.state).toBe('NOTPAY');
}

describe('POST /pay/notify refusals (nothing stored)', () => {
  it('accepts the well-formed crafted notification (the control case)', async () => {
    const n = await craftNotification(fixture, paid());
    expect((await postNotify(server.url, n.headers, n.body)).status).toBe(204);
    expect((await server.orders.get('T-REJECT'))?.state).toBe('SUCCESS');
    await eventually(() => expect(server.events).toHaveLength(1));
  });

  it('refuses a forged signature with 401 FAIL', async () => {
    const n = await craftNotification(fixture, paid());
    const forged = { ...n.headers, 'Wechatpay-Signature': Buffer.alloc(256, 7).toString('base64') };
    const res = await postNotify(server.url, forged, n.body);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toEqual({ code: 'FAIL', message: 'signature verification failed' });
    await expectNothingStored();
  });

  it('refuses a body changed after signing', async () => {
    const n = await craftNotification(fixture, paid());
    const res = await postNotify(server.url, n.headers, n.body.replace('crafted', 'crafteD'));
    expect(res.status).toBe(401);
    await expectNothingStored();
  });

  it('refuses a WECHATPAY/SIGNTEST/ probe', async () => {
    const n = await craftNotification(fixture, paid());
    const probe = { ...n.headers, 'Wechatpay-Signature': `WECHATPAY/SIGNTEST/${'A'.repeat(64)}` };
    expect((await postNotify(server.url, probe, n.body)).status).toBe(401);
    await expectNothingStored();
  });

  it('refuses a validly signed notification whose timestamp is stale', async () => {
    const n = await craftNotification(fixture, paid());
    server.offsetMs = 6 * 60_000;
    expect((await postNotify(server.url, n.headers, n.body)).status).toBe(401);
    await expectNothingStored();
  });

  it('refuses an unknown Wechatpay-Serial', async () => {
    const n = await craftNotification(fixture, paid());
    const res = await postNotify(
      server.url,
      { ...n.headers, 'Wechatpay-Serial': '5157F09EFDC096DE15EBE81A47057A72' },
      n.body,
    );
    expect(res.status).toBe(401);
    await expectNothingStored();
  });

  it('refuses tampered ciphertext with 400 (signed, but the GCM tag fails)', async () => {
    const n = await craftNotification(fixture, paid(), { ciphertext: true });
    const res = await postNotify(server.url, n.headers, n.body);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'FAIL' });
    await expectNothingStored();
  });

  it.each([
    ['a wrong amount', { amount: { total: 1, payer_total: 1, currency: 'CNY' } }],
    ['a wrong mchid', { mchid: '1900000999' }],
    ['a wrong appid', { appid: 'wx9999999999999999' }],
  ])('refuses %s with 400 and leaves the order unpaid', async (_name, overrides) => {
    const n = await craftNotification(fixture, paid(overrides));
    const res = await postNotify(server.url, n.headers, n.body);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ code: 'FAIL', message: 'notification does not match the order' });
    await expectNothingStored();
  });

  it('answers 404 FAIL for an order we never placed, so WeChat Pay keeps retrying', async () => {
    const n = await craftNotification(fixture, paid({ out_trade_no: 'T-NOBODY' }));
    expect((await postNotify(server.url, n.headers, n.body)).status).toBe(404);
    await expectNothingStored();
  });

  it('refuses a body over the limit with 413 FAIL', async () => {
    const res = await postNotify(
      server.url,
      { 'content-type': 'application/json' },
      'x'.repeat(1024 * 1024 + 10),
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'FAIL' });
    await expectNothingStored();
  });
});

describe('reconciliation', () => {
  it('settles a paid order whose notification was lost and closes an abandoned one', async () => {
    const lost = await server.orders.createJsapiOrder({
      outTradeNo: 'T-LOST',
      openid: 'o-2',
      amount: 800,
      description: 'Hat',
    });
    // Its notification goes to the fixture's sink, never to our server: lost, as far as we know.
    await fixture.control('POST', '/request-payment', { ...lost.requestPayment, action: 'pay' });
    const report = await server.reconciler.runOnce();
    expect(report).toMatchObject({ checked: 2, settled: 1, closed: 1, failed: 0 });
    expect((await server.orders.get('T-LOST'))?.state).toBe('SUCCESS');
    expect((await server.orders.get('T-REJECT'))?.state).toBe('CLOSED');
    const remote = await server.client.transactions.queryByOutTradeNo('T-REJECT');
    expect(remote.trade_state).toBe('CLOSED');
    await eventually(() => expect(server.events.map((e) => e.data.outTradeNo)).toEqual(['T-LOST']));
    // A late real notification for the settled order changes nothing and announces nothing.
    const late = await craftNotification(fixture, {
      ...paid({ out_trade_no: 'T-LOST', amount: { total: 800 } }),
    });
    expect((await postNotify(server.url, late.headers, late.body)).status).toBe(204);
    expect((await server.reconciler.runOnce()).checked).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.events).toHaveLength(1);
  });
});
