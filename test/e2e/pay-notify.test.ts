import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/sqlite/store.js';
import type { Store } from '../../src/kernel/ports/index.js';
import { startPayFixture, type PayFixture } from '../fixtures/v3/start-pay-fixture.js';
import {
  eventually,
  postNotify,
  publicKeyOverrides,
  startPayServer,
  tableCounts,
  type PayServer,
} from '../helpers/pay-server.js';

let fixture: PayFixture;
let store: Store;
let server: PayServer;

async function start(verifyMode: 'certificate' | 'public-key', notifyToSink = false) {
  fixture = await startPayFixture({ verifyMode });
  store = createSqliteStore({ file: ':memory:' });
  await store.migrate();
  const overrides = verifyMode === 'public-key' ? await publicKeyOverrides(fixture) : {};
  server = await startPayServer(
    { store, fixture, ...(notifyToSink ? { notifyUrl: fixture.notifyUrl } : {}) },
    overrides,
  );
}

afterEach(async () => {
  await server?.close();
  await fixture?.close();
  await store?.close();
});

async function payOrder(outTradeNo: string, amount = 1999) {
  const order = await server.orders.createJsapiOrder({
    outTradeNo,
    openid: 'o-buyer-1',
    amount,
    description: 'T-shirt',
  });
  const paid = await fixture.control('POST', '/request-payment', { ...order.requestPayment, action: 'pay' });
  expect(paid).toMatchObject({ status: 200, json: { ok: true, trade_state: 'SUCCESS' } });
  return order;
}

describe.each(['certificate', 'public-key'] as const)('POST /pay/notify (%s mode)', (mode) => {
  it('marks the order paid exactly once and runs one business job after prepay, paySign check and payment', async () => {
    await start(mode);
    const order = await payOrder('T-E2E-1');
    expect(order.requestPayment.package).toBe(`prepay_id=${order.prepayId}`);
    await eventually(() => expect(server.events).toHaveLength(1));
    const stored = await server.orders.get('T-E2E-1');
    expect(stored).toMatchObject({ state: 'SUCCESS', amount_total: 1999, prepay_id: order.prepayId });
    expect(stored?.transaction_id).toMatch(/^\d+$/);
    // The business job can run before the emulator has read our 204, so its record may lag a moment.
    await eventually(async () => {
      const deliveries = (await fixture.control('GET', '/notifications')).json.notifications as Array<{
        state: string;
        attempts: Array<{ status: number }>;
      }>;
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({ state: 'delivered', attempts: [{ status: 204 }] });
    });
    const counts = await tableCounts(store);
    expect(counts.notifications).toBe(1);
    expect(counts.jobs).toEqual([{ queue: 'pay.transaction.success', idempotency_key: expect.any(String) }]);
    expect(server.events[0]?.data).toMatchObject({ eventType: 'TRANSACTION.SUCCESS', outTradeNo: 'T-E2E-1' });
  });

  it('settles a refund from its notification: refund SUCCESS, order REFUND, one refund job', async () => {
    await start(mode);
    await payOrder('T-E2E-2', 3000);
    await eventually(() => expect(server.events).toHaveLength(1));
    const refund = await server.orders.refund({
      outTradeNo: 'T-E2E-2',
      outRefundNo: 'R-E2E-2',
      amount: 1000,
    });
    expect(refund.status).toBe('PROCESSING');
    const settled = await fixture.control('POST', '/refunds/settle', {
      mchid: fixture.mchid,
      out_refund_no: 'R-E2E-2',
      status: 'SUCCESS',
    });
    expect(settled.status).toBe(200);
    await eventually(() => expect(server.events).toHaveLength(2));
    expect(server.events[1]).toMatchObject({ name: 'pay.refund.success', data: { outRefundNo: 'R-E2E-2' } });
    const row = await store.db.selectFrom('wegate_pay_refunds').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'SUCCESS', amount: 1000, refund_id: refund.refundId });
    expect((await server.orders.get('T-E2E-2'))?.state).toBe('REFUND');
    expect((await tableCounts(store)).jobs.map((j) => j.queue).sort()).toEqual([
      'pay.refund.success',
      'pay.transaction.success',
    ]);
  });
});

describe('duplicate deliveries', () => {
  it('applies the same notification delivered 5 times at once only once', async () => {
    await start('certificate', true);
    await payOrder('T-DUP-1');
    const [captured] = await fixture.waitForNotifications(1);
    const headers = Object.fromEntries(
      Object.entries(captured!.headers).filter(([k]) => k.startsWith('wechatpay-') || k === 'content-type'),
    ) as Record<string, string>;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => postNotify(server.url, headers, captured!.rawBody)),
    );
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204, 204]);
    await eventually(() => expect(server.events).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.events).toHaveLength(1);
    const counts = await tableCounts(store);
    expect(counts.notifications).toBe(1);
    expect(counts.jobs).toHaveLength(1);
    expect((await server.orders.get('T-DUP-1'))?.state).toBe('SUCCESS');
  });

  it('answers the emulator’s duplicate delivery 204 and changes nothing more', async () => {
    await start('certificate');
    await fixture.control('POST', '/faults', { kind: 'duplicate' });
    await payOrder('T-DUP-2');
    await eventually(async () => {
      const list = (await fixture.control('GET', '/notifications')).json.notifications as Array<{
        attempts: Array<{ status: number }>;
      }>;
      expect(list[0]?.attempts.map((a) => a.status)).toEqual([204, 204]);
    });
    expect(server.events).toHaveLength(1);
    expect((await tableCounts(store)).notifications).toBe(1);
  });

  it('applies the emulator’s five concurrent copies of one notification once', async () => {
    await start('certificate');
    await fixture.control('POST', '/faults', { kind: 'duplicate', copies: 5 });
    await payOrder('T-DUP-3');
    await eventually(async () => {
      const list = (await fixture.control('GET', '/notifications')).json.notifications as Array<{
        attempts: Array<{ status: number }>;
      }>;
      expect(list[0]?.attempts.map((a) => a.status)).toEqual([204, 204, 204, 204, 204]);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.events).toHaveLength(1);
    expect((await tableCounts(store)).notifications).toBe(1);
    expect((await server.orders.get('T-DUP-3'))?.state).toBe('SUCCESS');
  });

  it('refuses a copies count outside 2–20', async () => {
    await start('certificate');
    const answer = await fixture.control('POST', '/faults', { kind: 'duplicate', copies: 21 });
    expect(answer.status).toBe(400);
  });
});
